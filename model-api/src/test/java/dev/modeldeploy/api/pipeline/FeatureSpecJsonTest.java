package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.error.FeatureSpecException;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureSpecJsonTest {
    static final String SPEC = """
            {
              "version": 1,
              "inputs": [
                {"name": "visits", "type": "DOUBLE", "nullable": true, "allowNaN": true},
                {"name": "country", "type": "STRING"},
                {"name": "plan", "type": "STRING", "nullable": true},
                {"name": "premium", "type": "BOOLEAN"},
                {"name": "signedUpAt", "type": "TIMESTAMP"},
                {"name": "age", "type": "INT"}
              ],
              "features": [
                {"name": "visitsLog", "input": "visits", "transforms": [
                   {"type": "impute", "value": 2.5, "strategy": "MEAN"},
                   {"type": "clip", "min": 0},
                   {"type": "log1p"},
                   {"type": "standardize", "mean": 1.2, "std": 0.7}]},
                {"input": "country", "transforms": [{"type": "oneHot", "vocabulary": ["DE", "FR"], "unknown": "OTHER"}]},
                {"input": "plan", "transforms": [{"type": "ordinal", "vocabulary": ["free", "pro"], "unknown": "IGNORE"},
                                                 {"type": "impute", "value": -1}]},
                {"input": "premium"},
                {"name": "signupHour", "input": "signedUpAt", "transforms": [{"type": "hourOfDay", "zone": "Europe/Berlin"}]},
                {"name": "signupDay", "input": "signedUpAt", "transforms": [{"type": "dayOfWeek"}]},
                {"input": "age", "transforms": [{"type": "minMax", "min": 18, "max": 90}]}
              ]
            }
            """;

    @Test
    void readsEveryTransformAndRoundTrips() {
        FeatureSpec spec = FeatureSpec.fromJson(SPEC);

        assertThat(spec.features().get(0).transforms()).containsExactly(
                Transform.imputeMean(2.5), new Transform.Clip(0.0, null), Transform.log1p(), Transform.standardize(1.2, 0.7));
        assertThat(spec.features().get(4).transforms()).containsExactly(Transform.hourOfDay("Europe/Berlin"));
        assertThat(spec.features().get(5).transforms()).containsExactly(Transform.dayOfWeek("UTC"));
        assertThat(spec.featureNames()).containsExactly("visitsLog", "country=DE", "country=FR", "country=<other>", "plan",
                "premium", "signupHour", "signupDay", "age");
        assertThat(FeatureSpec.fromJson(spec.toJson())).isEqualTo(spec);
    }

    @Test
    void writesAFileThatReadsBackEqual(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        FeatureSpec spec = FeatureSpec.fromJson(SPEC);
        Path file = tmp.resolve(FeatureSpec.FILE_NAME);
        spec.write(file);
        assertThat(FeatureSpec.read(file)).isEqualTo(spec);
        assertThat(java.nio.file.Files.readString(file)).doesNotContain("dev.modeldeploy").contains("\"type\" : \"oneHot\"");
    }

    @Test
    void theInputSchemaIsTheInputs() {
        FeatureSpec spec = FeatureSpec.fromJson(SPEC);
        assertThat(spec.inputSchema()).isEqualTo(new Schema(List.of(
                Field.optional("visits", FieldType.DOUBLE), Field.required("country", FieldType.STRING),
                Field.optional("plan", FieldType.STRING), Field.required("premium", FieldType.BOOLEAN),
                Field.required("signedUpAt", FieldType.TIMESTAMP), Field.required("age", FieldType.INT))));
    }

    @Test
    void anUnknownTransformTypeIsAClearErrorWithoutClassNames() {
        String json = SPEC.replace("\"type\": \"log1p\"", "\"type\": \"sqrt\"");
        assertThatThrownBy(() -> FeatureSpec.fromJson(json))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("unknown transform type 'sqrt'")
                .hasMessageContaining("features[0].transforms[2]")
                .hasMessageContaining("known transform types: impute, clip, log1p, standardize, minMax, oneHot, ordinal, hourOfDay, dayOfWeek")
                .hasMessageNotContaining("dev.modeldeploy")
                .hasMessageNotContaining("Transform$");
    }

    @Test
    void aClassNameAsTypeIsJustAnUnknownType() {
        String json = SPEC.replace("\"type\": \"log1p\"", "\"type\": \"java.lang.ProcessBuilder\"");
        assertThatThrownBy(() -> FeatureSpec.fromJson(json))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("unknown transform type 'java.lang.ProcessBuilder'");
    }

    @Test
    void aMissingTypeIsAnError() {
        String json = SPEC.replace("{\"type\": \"log1p\"}", "{}");
        assertThatThrownBy(() -> FeatureSpec.fromJson(json))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("missing \"type\"");
    }

    @Test
    void unknownPropertiesAreErrors() {
        String json = SPEC.replace("\"mean\": 1.2, \"std\": 0.7", "\"mean\": 1.2, \"std\": 0.7, \"with_mean\": false");
        assertThatThrownBy(() -> FeatureSpec.fromJson(json))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("unknown property 'with_mean'")
                .hasMessageContaining("features[0].transforms[3]");
        assertThatThrownBy(() -> FeatureSpec.fromJson(SPEC.replace("\"version\": 1,", "\"version\": 1, \"comment\": \"x\",")))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("unknown property 'comment'");
    }

    @Test
    void missingRequiredParametersAreErrors() {
        String json = SPEC.replace("\"mean\": 1.2, \"std\": 0.7", "\"std\": 0.7");
        assertThatThrownBy(() -> FeatureSpec.fromJson(json))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("missing required property 'mean'")
                .hasMessageContaining("features[0].transforms[3]");
        assertThatThrownBy(() -> FeatureSpec.fromJson(SPEC.replace(", \"unknown\": \"OTHER\"", "")))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("missing required property 'unknown'");
    }

    @Test
    void scalarsAreNotCoerced() {
        assertThatThrownBy(() -> FeatureSpec.fromJson(SPEC.replace("\"mean\": 1.2", "\"mean\": \"1.2\"")))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("features[0].transforms[3].mean");
    }

    @Test
    void unknownEnumValuesAreErrors() {
        assertThatThrownBy(() -> FeatureSpec.fromJson(SPEC.replace("\"unknown\": \"OTHER\"", "\"unknown\": \"SKIP\"")))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("'SKIP' is not one of [ERROR, IGNORE, OTHER]");
        assertThatThrownBy(() -> FeatureSpec.fromJson(SPEC.replace("\"type\": \"INT\"", "\"type\": \"INTEGER\"")))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("inputs[5].type")
                .hasMessageContaining("'INTEGER' is not one of");
    }

    @Test
    void invalidParametersAreLocated() {
        assertThatThrownBy(() -> FeatureSpec.fromJson(SPEC.replace("\"std\": 0.7", "\"std\": 0")))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("features[0].transforms[3]")
                .hasMessageContaining("standardize needs std > 0");
        assertThatThrownBy(() -> FeatureSpec.fromJson(SPEC.replace("\"zone\": \"Europe/Berlin\"", "\"zone\": \"Mars/Olympus\"")))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("unknown time zone 'Mars/Olympus'");
        assertThatThrownBy(() -> FeatureSpec.fromJson(SPEC.replace("[\"DE\", \"FR\"]", "[\"DE\", \"DE\"]")))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("'DE' twice");
    }

    @Test
    void transformsMustFitWhatFlowsIntoThem() {
        FeatureSpec.Builder b = FeatureSpec.builder().input(InputField.required("country", FieldType.STRING));
        assertThatThrownBy(() -> b.feature("country", Transform.standardize(0, 1)).build())
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("features[0] ('country').transforms[0]")
                .hasMessageContaining("'standardize' takes a number, but here the value is a category")
                .hasMessageContaining("oneHot");
        assertThatThrownBy(() -> FeatureSpec.builder().input(InputField.required("country", FieldType.STRING)).feature("country").build())
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("encode it first");
        assertThatThrownBy(() -> FeatureSpec.builder().input(InputField.required("at", FieldType.TIMESTAMP)).feature("at").build())
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("hourOfDay");
        assertThatThrownBy(() -> FeatureSpec.builder().numeric("x", Transform.hourOfDay("UTC")).build())
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("'hourOfDay' takes a timestamp");
        assertThatThrownBy(() -> FeatureSpec.builder().input(InputField.required("c", FieldType.STRING))
                .feature("c", Transform.oneHot(UnknownPolicy.IGNORE, "a"), Transform.log1p()).build())
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("'oneHot' must be the last step");
    }

    @Test
    void referencesAndNamesAreChecked() {
        assertThatThrownBy(() -> FeatureSpec.builder().numeric("x").feature("y").build())
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("reads undeclared input 'y'");
        assertThatThrownBy(() -> FeatureSpec.builder().numeric("x").feature("x", Transform.log1p()).build())
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("feature name 'x' is used twice");
        assertThatThrownBy(() -> FeatureSpec.builder().numeric("x").input(InputField.required("x", FieldType.INT)).build())
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("declared twice");
        assertThatThrownBy(() -> FeatureSpec.builder().input(InputField.required("x", FieldType.DOUBLE)).build())
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("at least one feature");
        assertThatThrownBy(() -> FeatureSpec.fromJson(SPEC.replace("\"version\": 1", "\"version\": 2")))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("unsupported spec version 2");
    }

    @Test
    void unsupportedInputTypesAndNaNOnIntegersAreRefused() {
        assertThatThrownBy(() -> InputField.required("e", FieldType.FLOAT_ARRAY))
                .isInstanceOf(FeatureSpecException.class).hasMessageContaining("does not read");
        assertThatThrownBy(() -> InputField.required("n", FieldType.INT).withNaNAllowed())
                .isInstanceOf(FeatureSpecException.class).hasMessageContaining("only FLOAT and DOUBLE");
    }

    @Test
    void malformedJsonIsAFeatureSpecError() {
        assertThatThrownBy(() -> FeatureSpec.fromJson("{\"version\": 1, \"inputs\": ["))
                .isInstanceOf(FeatureSpecException.class);
        assertThatThrownBy(() -> FeatureSpec.fromJson("null"))
                .isInstanceOf(FeatureSpecException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> FeatureSpec.fromJson(SPEC.replace("\"version\": 1,", "\"version\": 1, \"version\": 1,")))
                .isInstanceOf(FeatureSpecException.class).hasMessageContaining("version");
    }
}
