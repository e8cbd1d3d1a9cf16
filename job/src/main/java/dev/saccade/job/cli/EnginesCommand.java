package dev.saccade.job.cli;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code ./saccade engines}: loads every native library the job uses and prints what this JVM sees (engine versions,
 * GPUs). The image build runs it so that natives are extracted, or fetched for the GPU variant, before any pod runs.
 */
@Command(name = "engines", mixinStandardHelpOptions = true,
    description = "Loads PyTorch, ONNX Runtime and OpenCV as the job does and prints their versions and the GPUs "
        + "PyTorch sees, as JSON. Exit 1 if one fails to load.")
public final class EnginesCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    Map<String, Object> report = new LinkedHashMap<>();
    boolean ok = true;
    for (String name : new String[] {"PyTorch", "OnnxRuntime"}) {
      Map<String, Object> e = new LinkedHashMap<>();
      try {
        Engine engine = Engine.getEngine(name);
        e.put("version", engine.getVersion());
        e.put("gpus", engine.getGpuCount());
        e.put("default_device", engine.defaultDevice().toString());
      } catch (RuntimeException | UnsatisfiedLinkError err) {
        e.put("error", String.valueOf(err.getMessage()));
        ok = false;
      }
      report.put(name, e);
    }
    Map<String, Object> cv = new LinkedHashMap<>();
    try {
      cv.put("library", org.bytedeco.javacpp.Loader.load(org.bytedeco.opencv.global.opencv_core.class));
    } catch (RuntimeException | UnsatisfiedLinkError err) {
      cv.put("error", String.valueOf(err.getMessage()));
      ok = false;
    }
    report.put("OpenCV", cv);
    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    return ok ? 0 : 1;
  }
}
