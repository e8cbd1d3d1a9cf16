package dev.saccade.bench.fuzz;

import dev.saccade.schemas.DeadLetter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The bad records sent, by topic, partition and offset, matched against the dead letters the job wrote. */
final class Ledger {
    private record Sent(String kind, String expectedClass) {}

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();

    void add(String topic, int partition, long offset, String kind, String expectedClass) {
        sent.put(key(topic, partition, offset), new Sent(kind, expectedClass));
    }

    int size() {
        return sent.size();
    }

    private static String key(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    /**
     * What became of each bad record: exactly one dead letter at its offset (with the error class the kind expects),
     * none, several; and dead letters for records that were not bad ones.
     */
    Map<String, Object> match(List<DeadLetter> letters) {
        Map<String, Integer> perRecord = new HashMap<>();
        Map<String, Integer> byReason = new TreeMap<>();
        Map<String, String> exampleReason = new TreeMap<>();
        Map<String, Map<String, Integer>> byKind = new TreeMap<>();
        int unexpected = 0;
        int classMismatches = 0;
        for (DeadLetter d : letters) {
            String errorClass = d.getErrorClass().toString();
            byReason.merge(errorClass, 1, Integer::sum);
            exampleReason.putIfAbsent(errorClass, d.getReason().toString());
            String k = key(d.getTopic().toString(), d.getPartition(), d.getOffset());
            Sent s = sent.get(k);
            if (s == null) {
                unexpected++;
                continue;
            }
            perRecord.merge(k, 1, Integer::sum);
            byKind.computeIfAbsent(s.kind(), x -> new TreeMap<>()).merge(errorClass, 1, Integer::sum);
            if (!s.expectedClass().equals(errorClass)) {
                classMismatches++;
            }
        }
        int once = 0;
        int several = 0;
        Map<String, Integer> missingByKind = new TreeMap<>();
        for (Map.Entry<String, Sent> e : sent.entrySet()) {
            int n = perRecord.getOrDefault(e.getKey(), 0);
            if (n == 1) {
                once++;
            } else if (n > 1) {
                several++;
            } else {
                missingByKind.merge(e.getValue().kind(), 1, Integer::sum);
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bad_sent", sent.size());
        r.put("dead_lettered", letters.size());
        r.put("bad_with_exactly_one_dead_letter", once);
        r.put("bad_with_several_dead_letters", several);
        r.put("bad_without_dead_letter", missingByKind);
        r.put("dead_letters_for_other_records", unexpected);
        r.put("error_class_not_the_expected_one", classMismatches);
        r.put("by_reason", byReason);
        r.put("by_kind", byKind);
        r.put("example_reason", exampleReason);
        return r;
    }
}
