package dev.saccade.models.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Native memory stays flat over thousands of PyTorch forwards when each call is scoped in a sub-manager. */
class InferenceSoakTest {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceSoakTest.class);
    private static final Path STATUS = Path.of("/proc/self/status");

    @Test
    void fiveThousandForwardsDoNotGrowResidentMemory() throws Exception {
        assumeTrue(Files.isReadable(STATUS), "skipped: no /proc/self/status to read resident memory from");
        EngineHygiene.configureInferenceThread();
        long start = System.nanoTime();
        long rssAt500 = 0;
        double checksum = 0;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock net = new SequentialBlock()
                    .add(Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .optPadding(new Shape(1, 1))
                            .setFilters(16)
                            .build())
                    .add(Activation::relu)
                    .add(Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .optStride(new Shape(2, 2))
                            .setFilters(16)
                            .build())
                    .add(Activation::relu)
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(10).build());
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            ParameterStore parameters = new ParameterStore(manager, false);
            for (int i = 1; i <= 5000; i++) {
                try (NDManager call = manager.newSubManager()) {
                    NDArray x = call.randomUniform(0f, 1f, new Shape(1, 3, 32, 32));
                    NDArray logits =
                            net.forward(parameters, new NDList(x), false).singletonOrThrow();
                    checksum += logits.toFloatArray()[0];
                }
                if (i == 500) {
                    rssAt500 = residentKilobytes();
                }
            }
        }
        long rssAt5000 = residentKilobytes();
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info(
                "soak: 5000 forwards in {} s, RSS {} MB at 500 -> {} MB at 5000 (checksum {})",
                String.format("%.1f", seconds),
                rssAt500 / 1024,
                rssAt5000 / 1024,
                checksum);

        assertThat(Double.isFinite(checksum)).isTrue();
        assertThat(rssAt5000 - rssAt500).as("RSS growth in kB").isLessThan(100 * 1024);
    }

    @Test
    void gradModeIsSwitchedOffPerThread() throws Exception {
        Engine.getEngine("PyTorch"); // loads libtorch, which JniUtils needs
        Executor newThread = task -> new Thread(task).start();
        boolean freshThread =
                CompletableFuture.supplyAsync(JniUtils::isGradMode, newThread).get();
        boolean configuredThread = CompletableFuture.supplyAsync(
                        () -> {
                            EngineHygiene.configureInferenceThread();
                            return JniUtils.isGradMode();
                        },
                        newThread)
                .get();
        boolean nextFreshThread =
                CompletableFuture.supplyAsync(JniUtils::isGradMode, newThread).get();

        assertThat(freshThread).isTrue();
        assertThat(configuredThread).isFalse();
        assertThat(nextFreshThread).isTrue();
    }

    private static long residentKilobytes() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS in " + STATUS);
    }
}
