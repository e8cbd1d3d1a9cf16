package dev.saccade.benchmarks;

import dev.saccade.models.skipconv.GemmKernel;
import dev.saccade.models.skipconv.RowGemm;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pointwise conv of skip-convolutions on gathered rows, Java loops against OpenBLAS, at f_G's channel counts and
 * the row counts a sparse frame gives (a few open positions) up to a dense 80x60 map.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xss2m"})
@State(Scope.Thread)
public class KernelBenchmark {
    @Param({"16", "256", "4800"})
    public int rows;

    @Param({"32x96", "96x32"})
    public String channels;

    private float[] a;
    private float[] c;
    private int k;
    private int m;
    private RowGemm java;
    private RowGemm blas;
    private Object javaWeights;
    private Object blasWeights;

    @Setup(Level.Trial)
    public void setUp() {
        String[] km = channels.split("x");
        k = Integer.parseInt(km[0]);
        m = Integer.parseInt(km[1]);
        Random r = new Random(1);
        a = new float[rows * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() < 0.5f ? 0f : r.nextFloat(); // half zero, as after ReLU6
        }
        float[] w = new float[k * m];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextFloat() - 0.5f;
        }
        float[] bias = new float[m];
        for (int i = 0; i < m; i++) {
            bias[i] = r.nextFloat() - 0.5f;
        }
        c = new float[rows * m];
        java = GemmKernel.JAVA.create();
        blas = GemmKernel.OPENBLAS.create();
        javaWeights = java.prepare(w, bias, k, m);
        blasWeights = blas.prepare(w, bias, k, m);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        java.close();
        blas.close();
    }

    @Benchmark
    public float[] javaGemm() {
        java.multiply(a, rows, k, javaWeights, m, c);
        return c;
    }

    @Benchmark
    public float[] openblasGemm() {
        blas.multiply(a, rows, k, blasWeights, m, c);
        return c;
    }
}
