package dev.saccade.bench.fuzz;

import dev.saccade.bench.JpegStreams;
import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.job.JobSettings;
import dev.saccade.job.kafka.CommittedReader;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DeadLetter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/** One run of the fuzz bench: its records into the broker, the real job(s) on them, and what came out. */
final class FuzzRun {
    /** What one run produced, and how it compares with the clean run. */
    record Result(
            String name,
            Ledger ledger,
            List<DeadLetter> deadLetters,
            Map<String, ClassifiedEvent> byClip,
            int clipsExpected,
            int clipsSeen,
            long restarts,
            Map<String, Object> details) {

        /** The expected clips whose label or stage differ from the clean run's (or that either run lacks). */
        List<String> differencesFrom(Result clean) {
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, ClassifiedEvent> e : clean.byClip().entrySet()) {
                ClassifiedEvent mine = byClip.get(e.getKey());
                String theirs = e.getValue().getLabel() + "/" + e.getValue().getStage();
                String ours = mine == null ? "none" : mine.getLabel() + "/" + mine.getStage();
                if (!theirs.equals(ours)) {
                    out.add(e.getKey() + ": " + ours + " (clean: " + theirs + ")");
                }
            }
            if (clean.byClip().size() < clean.clipsExpected()) {
                out.add("the clean run itself lacks "
                        + (clean.clipsExpected() - clean.byClip().size()) + " clips");
            }
            return out;
        }
    }

    private static final long REPORT_EVERY_MS = 10_000;

    private final String name;
    private final EmbeddedKafkaBroker broker;
    private final List<JpegStreams.Stream> streams;
    private final int clipLength;
    private final int partitions;
    private final Consumer<String> progress;
    private final long timeoutMs;

    FuzzRun(
            String name,
            EmbeddedKafkaBroker broker,
            List<JpegStreams.Stream> streams,
            int clipLength,
            int partitions,
            Consumer<String> progress,
            long timeoutSeconds) {
        this.name = name;
        this.broker = broker;
        this.streams = streams;
        this.clipLength = clipLength;
        this.partitions = partitions;
        this.progress = progress;
        this.timeoutMs = timeoutSeconds * 1000;
    }

    /** The whole adaptive job on the good frames, with {@code badCount} bad frame records among them (0: clean). */
    Result runWhole(Configuration conf, long base, BadFrames bad, int badCount) throws Exception {
        JobSettings s = JobSettings.from(conf);
        broker.createTopics(partitions, s.framesTopic(), s.eventsTopic(), s.deadLetterTopic());
        Ledger ledger = new Ledger();
        try (Producer<byte[], byte[]> producer = RawProducer.create(broker.bootstrapServers())) {
            prefill(producer, s.framesTopic(), base, bad, badCount, ledger);
        }
        try (RunningJobs jobs = new RunningJobs()) {
            jobs.start("adaptive", conf);
            return watch(s, jobs, ledger, null);
        }
    }

    /** A glance job and a focus job on the good frames, with bad request records among the glance job's requests. */
    Result runSplit(Configuration glance, Configuration focus, long base, BadRequests bad, int badCount)
            throws Exception {
        JobSettings s = JobSettings.from(glance);
        broker.createTopics(partitions, s.framesTopic(), s.eventsTopic(), s.deadLetterTopic(), s.focusRequestsTopic());
        Ledger ledger = new Ledger();
        try (Producer<byte[], byte[]> producer = RawProducer.create(broker.bootstrapServers());
                RunningJobs jobs = new RunningJobs()) {
            prefill(producer, s.framesTopic(), base, null, 0, ledger);
            jobs.start("glance", glance);
            jobs.start("focus", focus);
            RequestInjector injector =
                    new RequestInjector(producer, s.focusRequestsTopic(), streams, bad, badCount, ledger);
            return watch(s, jobs, ledger, injector);
        }
    }

    /** Good frames seq-major across streams; bad records spread evenly, each run of them right before a good frame. */
    private void prefill(
            Producer<byte[], byte[]> producer, String topic, long base, BadFrames bad, int badCount, Ledger ledger)
            throws Exception {
        int frames = streams.get(0).jpegs().length;
        long good = (long) frames * streams.size();
        long index = 0;
        int kind = 0;
        FrameFault[] faults = FrameFault.values();
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        List<FrameFault> pendingKinds = new ArrayList<>();
        for (int seq = 0; seq < frames; seq++) {
            for (JpegStreams.Stream st : streams) {
                long before = bad == null ? 0 : (index + 1) * badCount / good - index * badCount / good;
                for (long b = 0; b < before; b++) {
                    FrameFault fault = BadFrames.fitting(seq, faults[kind++ % faults.length]);
                    pending.add(FuzzBench.send(
                            producer, topic, st.id(), bad.build(fault, st, seq, FuzzBench.captureMs(base, seq))));
                    pendingKinds.add(fault);
                }
                FuzzBench.send(producer, topic, st.id(), FuzzBench.goodFrame(st, seq, base));
                index++;
            }
        }
        producer.flush();
        for (int i = 0; i < pending.size(); i++) {
            RecordMetadata m = pending.get(i).get();
            FrameFault f = pendingKinds.get(i);
            ledger.add(topic, m.partition(), m.offset(), f.name(), f.errorClass);
        }
        progress.accept(
                "fuzz: " + name + ": " + good + " good frames and " + pending.size() + " bad records in " + topic);
    }

    private Result watch(JobSettings s, RunningJobs jobs, Ledger ledger, RequestInjector injector) throws Exception {
        long started = System.currentTimeMillis();
        Set<String> expected = expectedClips();
        Map<String, ClassifiedEvent> byClip = new TreeMap<>();
        List<ClassifiedEvent> events = new ArrayList<>();
        List<DeadLetter> letters = new ArrayList<>();
        boolean failed = false;
        try (CommittedReader<ClassifiedEvent> er =
                        new CommittedReader<>(s.bootstrapServers(), s.eventsTopic(), ClassifiedEvent.class, false);
                CommittedReader<DeadLetter> dr =
                        new CommittedReader<>(s.bootstrapServers(), s.deadLetterTopic(), DeadLetter.class, false)) {
            long deadline = started + timeoutMs;
            long nextReport = started + REPORT_EVERY_MS;
            while (System.currentTimeMillis() < deadline) {
                er.poll(Duration.ofMillis(300), events::add);
                dr.poll(Duration.ofMillis(50), letters::add);
                int seen = seen(events, expected);
                if (injector != null) {
                    injector.tick(events.size(), seen >= expected.size());
                }
                boolean sent = injector == null || injector.done();
                if (seen >= expected.size() && sent && letters.size() >= ledger.size()) {
                    break;
                }
                if (System.currentTimeMillis() >= nextReport) {
                    nextReport += REPORT_EVERY_MS;
                    progress.accept(String.format(
                            "fuzz: %s: %d/%d clips, %d/%d dead letters, %.0f s",
                            name,
                            seen,
                            expected.size(),
                            letters.size(),
                            ledger.size(),
                            (System.currentTimeMillis() - started) / 1000.0));
                    if (!jobs.healthy() && jobs.statesSeen().contains(JobStatus.FAILED)) {
                        failed = true;
                        break;
                    }
                }
            }
            // two more checkpoints: a duplicate event or dead letter would show up now
            long settle =
                    System.currentTimeMillis() + 2 * s.checkpointInterval().toMillis() + 1000;
            while (System.currentTimeMillis() < settle) {
                er.poll(Duration.ofMillis(300), events::add);
                dr.poll(Duration.ofMillis(50), letters::add);
            }
        }
        jobs.healthy();
        Map<String, Long> restartsByJob = jobs.restarts();
        long restarts = 0;
        for (long r : restartsByJob.values()) {
            restarts += Math.max(r, 0);
        }
        if (jobs.statesSeen().contains(JobStatus.RESTARTING) && restarts == 0) {
            restarts = 1;
        }
        int unexpected = 0;
        Map<String, Integer> byStage = new TreeMap<>();
        for (ClassifiedEvent e : events) {
            String clip = e.getClipId().toString();
            if (expected.contains(clip)) {
                byClip.putIfAbsent(clip, e);
                byStage.merge(e.getStage().toString(), 1, Integer::sum);
            } else {
                unexpected++;
            }
        }
        double seconds = (System.currentTimeMillis() - started) / 1000.0;
        Map<String, Object> d = new LinkedHashMap<>(ledger.match(letters));
        d.put("good_clips_expected", expected.size());
        d.put("good_clips_seen", byClip.size());
        d.put("duplicate_events", events.size() - unexpected - byClip.size());
        d.put("events_for_other_clips", unexpected);
        d.put("events_by_stage", byStage);
        d.put("job_restarts_by_job", restartsByJob);
        d.put("job_states_seen", jobs.statesSeen().stream().map(Enum::name).toList());
        d.put("job_failed", failed);
        d.put("seconds", Math.round(seconds * 10) / 10.0);
        progress.accept(String.format(
                "fuzz: %s: %d/%d clips, %d dead letters for %d bad records, restarts %s, %.0f s",
                name, byClip.size(), expected.size(), letters.size(), ledger.size(), restartsByJob, seconds));
        return new Result(name, ledger, letters, byClip, expected.size(), byClip.size(), restarts, d);
    }

    private Set<String> expectedClips() {
        Set<String> out = new LinkedHashSet<>();
        int frames = streams.get(0).jpegs().length;
        for (JpegStreams.Stream st : streams) {
            for (int first = 0; first + clipLength <= frames; first += clipLength) {
                out.add(st.id() + ":" + first);
            }
        }
        return out;
    }

    private static int seen(List<ClassifiedEvent> events, Set<String> expected) {
        Map<String, Boolean> distinct = new HashMap<>();
        for (ClassifiedEvent e : events) {
            String clip = e.getClipId().toString();
            if (expected.contains(clip)) {
                distinct.put(clip, Boolean.TRUE);
            }
        }
        return distinct.size();
    }
}
