package dev.saccade.models.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The commit a checkout is at, marked "-dirty" where it has uncommitted changes, for bundle manifests. */
final class GitCommit {
    private GitCommit() {}

    static String describe(Path checkout) {
        String commit = git(checkout, "rev-parse", "HEAD");
        if (commit == null) {
            return "unknown (not a git checkout)";
        }
        String status = git(checkout, "status", "--porcelain", "--untracked-files=no");
        return commit + (status != null && !status.isBlank() ? "-dirty" : "");
    }

    private static String git(Path dir, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = dir.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
