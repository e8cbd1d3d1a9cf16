package dev.saccade.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every schema change must stay compatible both ways with the released contract kept under test resources. */
class SchemaCompatibilityTest {

    static Stream<Arguments> contracts() {
        return Stream.of(
                Arguments.of("VideoFrame", VideoFrame.getClassSchema()),
                Arguments.of("ClassifiedEvent", ClassifiedEvent.getClassSchema()),
                Arguments.of("DeadLetter", DeadLetter.getClassSchema()),
                Arguments.of("FocusRequest", FocusRequest.getClassSchema()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void currentReadsReleasedData(String name, Schema current) throws IOException {
        Schema released = released(name);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released)
                        .getType())
                .as("new consumers must read data written with the released %s schema", name)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void releasedReadsCurrentData(String name, Schema current) throws IOException {
        Schema released = released(name);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(released, current)
                        .getType())
                .as("consumers on the released %s schema must read data written by this version", name)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void checkRejectsAFieldAddedWithoutDefault() throws IOException {
        // guards the guard: a new required field must be reported as incompatible
        Schema released = released("DeadLetter");
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("DeadLetter")
                .namespace("dev.saccade.schemas")
                .fields();
        for (Schema.Field f : released.getFields()) {
            fields = fields.name(f.name()).type(f.schema()).noDefault();
        }
        Schema broken = fields.name("attempt").type().intType().noDefault().endRecord();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(broken, released)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void recordKeyFieldIsTheStreamId() {
        assertThat(VideoFrame.getClassSchema().getField("streamId").schema().getType())
                .isEqualTo(Schema.Type.STRING);
        assertThat(ClassifiedEvent.getClassSchema()
                        .getField("streamId")
                        .schema()
                        .getType())
                .isEqualTo(Schema.Type.STRING);
    }

    private static Schema released(String name) throws IOException {
        try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream("/released/v1/" + name + ".avsc")) {
            assertThat(in).as("released copy of %s", name).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }
}
