package dev.saccade.models.external;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Translator;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.file.Path;

/** Loads the model an {@link ExternalModelSpec} names, offline, and checks it against what the spec declares. */
final class ExternalModelLoader {

    private ExternalModelLoader() {}

    static <I, O> ZooModel<I, O> load(
            ExternalModelSpec spec, Path baseDir, Class<I> input, Class<O> output, Translator<I, O> translator)
            throws IOException {
        if (spec.inputNames().size() > 1) {
            throw new IllegalArgumentException(
                    "only single-image-input models are supported, spec names inputs " + spec.inputNames());
        }
        Path file = spec.modelFile(baseDir);
        Criteria<I, O> criteria = Criteria.builder()
                .setTypes(input, output)
                .optEngine(spec.engine())
                // Directory plus file name, not the file itself, which DJL would warn about as a "non-archive file".
                .optModelPath(file.getParent())
                .optModelName(file.getFileName().toString())
                .optTranslator(translator)
                .build();
        ZooModel<I, O> model;
        try {
            model = criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IOException("cannot load " + spec.engine() + " model " + file + ": " + e.getMessage(), e);
        }
        try {
            checkInput(spec, file, model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** Catches a spec that does not match the model at load time rather than as an obscure native error per call. */
    private static void checkInput(ExternalModelSpec spec, Path file, ZooModel<?, ?> model) {
        if (!ExternalModelSpec.ONNX_RUNTIME.equals(spec.engine())) {
            return; // TorchScript modules do not describe their inputs.
        }
        PairList<String, Shape> inputs = model.getBlock().describeInput();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("model " + file + " has inputs " + inputs.keys()
                    + "; only single-image-input models are supported");
        }
        String declared = spec.declaredInputName();
        if (declared != null && !declared.equals(inputs.get(0).getKey())) {
            throw new IllegalArgumentException("spec names input '" + declared + "' but model " + file + " has input '"
                    + inputs.get(0).getKey() + "'");
        }
        Shape shape = inputs.get(0).getValue(); // DJL's ONNX Runtime block reports names only, for now
        long[] dims = shape == null ? new long[0] : shape.getShape();
        if (dims.length == 4) {
            boolean heightFixed = dims[2] > 0;
            boolean widthFixed = dims[3] > 0;
            if (dims[1] > 0 && dims[1] != 3
                    || heightFixed && dims[2] != spec.inputHeight()
                    || widthFixed && dims[3] != spec.inputWidth()) {
                throw new IllegalArgumentException(
                        "spec declares input 3x" + spec.inputHeight() + "x" + spec.inputWidth() + " (CxHxW) but model "
                                + file + " expects " + inputs.get(0).getValue());
            }
        }
    }
}
