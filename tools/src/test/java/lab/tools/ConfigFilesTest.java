package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The lab's configuration files, parsed strictly and checked against their official schemas: the GitHub workflows
 * (YAML 1.2, no duplicate keys, SchemaStore's github-workflow schema), the devcontainer (JSON with comments, as its
 * spec allows, against the devcontainers/spec base schema) and every other JSON file of the repository. The schemas
 * are vendored in {@code src/test/resources/schemas/} (see the README there): nothing is fetched, and a schema
 * reference to anything but those files is refused. Each check is also shown to fail on a bad file.
 */
@DisplayName("configuration files: strict parsing and official schemas")
class ConfigFilesTest {

    static final Path ROOT = Path.of(System.getProperty("lab.root", "..")).toAbsolutePath().normalize();

    /** Folders never walked: build output, packages, git's own files. */
    static final Set<String> SKIPPED = Set.of("target", "node_modules", ".git");

    static final String WORKFLOW_SCHEMA = "schemas/schemastore/github-workflow.json";
    static final String DEVCONTAINER_SCHEMA = "schemas/devcontainers-spec/devContainer.base.schema.json";

    /** The {@code $id}s of the vendored schemas, each mapped to its copy on the class path; nothing else is loaded. */
    static final Map<String, String> VENDORED = Map.of(
            "https://json.schemastore.org/github-workflow.json", "classpath:" + WORKFLOW_SCHEMA);

    static final Schema WORKFLOW = schema(WORKFLOW_SCHEMA);
    static final Schema DEVCONTAINER = schema(DEVCONTAINER_SCHEMA);

    // ---- the repository's files ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("workflows")
    @DisplayName("each GitHub workflow is strict YAML 1.2 and valid against SchemaStore's github-workflow schema")
    void workflow(String file) {
        JsonNode workflow = yaml(read(ROOT.resolve(file)));
        assertThat(errors(WORKFLOW, workflow)).as(file + " against " + WORKFLOW_SCHEMA).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workflows")
    @DisplayName("each GitHub workflow: read-only token, a timeout on every job, needs naming jobs of the same workflow")
    void workflowConventions(String file) {
        JsonNode workflow = yaml(read(ROOT.resolve(file)));
        assertThat(workflow.path("permissions").path("contents").asText()).as(file + ": permissions: contents").isEqualTo("read");
        JsonNode jobs = workflow.path("jobs");
        jobs.properties().forEach(job -> {
            String where = file + ": job " + job.getKey();
            assertThat(job.getValue().has("timeout-minutes")).as(where + " has timeout-minutes").isTrue();
            JsonNode needs = job.getValue().path("needs");
            Iterable<JsonNode> named = needs.isArray() ? needs : needs.isMissingNode() ? List.of() : List.of(needs);
            for (JsonNode need : named) assertThat(jobs.has(need.asText())).as(where + " needs '" + need.asText() + "', a job of " + file).isTrue();
        });
    }

    static Stream<String> workflows() throws IOException {
        Path dir = ROOT.resolve(".github/workflows");
        if (!Files.isDirectory(dir)) return Stream.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).map(f -> ROOT.relativize(f).toString()).sorted().toList().stream();
        }
    }

    @Test
    @DisplayName(".devcontainer/devcontainer.json is JSON with comments (no trailing comma) and valid against the devcontainer base schema")
    void devcontainer() {
        Path file = ROOT.resolve(".devcontainer/devcontainer.json");
        assertThat(file).isRegularFile();
        JsonNode devcontainer = json(read(file), Dialect.DEVCONTAINER);
        assertThat(errors(DEVCONTAINER, devcontainer)).as(".devcontainer/devcontainer.json against " + DEVCONTAINER_SCHEMA).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherJson")
    @DisplayName("every other .json file of the repository parses strictly (VS Code's own files as JSON with comments)")
    void otherJsonFile(String file) {
        Dialect dialect = file.startsWith(".vscode/") || file.contains("/.vscode/") ? Dialect.VSCODE : Dialect.JSON;
        assertThat(json(read(ROOT.resolve(file)), dialect)).as(file).isNotNull();
    }

    /**
     * Every {@code *.json} but the devcontainer's, outside target/, node_modules/ and .git/ (never entered, so a build
     * writing there meanwhile does not matter); links are not followed.
     */
    static Stream<String> otherJson() throws IOException {
        List<String> found = new ArrayList<>();
        Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(ROOT) && SKIPPED.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = ROOT.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                if (attrs.isRegularFile() && name.endsWith(".json") && !name.equals(".devcontainer/devcontainer.json")) found.add(name);
                return FileVisitResult.CONTINUE;
            }
        });
        return found.stream().sorted();
    }

    @Test
    @DisplayName("each vendored schema is used in the draft its $schema declares")
    void schemasUseTheirDeclaredDraft() {
        assertThat(WORKFLOW.getSchemaContext().getDialect().getSpecificationVersion()).isEqualTo(SpecificationVersion.DRAFT_7);
        assertThat(DEVCONTAINER.getSchemaContext().getDialect().getSpecificationVersion()).isEqualTo(SpecificationVersion.DRAFT_2019_09);
    }

    @Test
    @DisplayName("a schema named by its $id is the vendored copy, loaded with no network")
    void idMappedToVendoredCopy() {
        Schema byId = registry(SpecificationVersion.DRAFT_7).getSchema(SchemaLocation.of("https://json.schemastore.org/github-workflow.json"));
        assertThat(errors(byId, yaml(Bites.GOOD_WORKFLOW))).isEmpty();
        assertThat(errors(byId, yaml("on: push\n"))).isNotEmpty();
    }

    @Test
    @DisplayName("devcontainer.json's rules are those its schema states: comments yes, trailing commas no")
    void devcontainerDialectFromItsSchema() {
        JsonNode schema = json(resource(DEVCONTAINER_SCHEMA), Dialect.JSON);
        assertThat(schema.path("allowComments").asBoolean()).isEqualTo(Dialect.DEVCONTAINER.comments).isTrue();
        assertThat(schema.path("allowTrailingCommas").asBoolean(true)).isEqualTo(Dialect.DEVCONTAINER.trailingCommas).isFalse();
    }

    @Test
    @DisplayName("each vendored schema has its licence beside it and its origin in the README there")
    void vendoredWithLicence() {
        assertThat(resource("schemas/schemastore/LICENSE")).contains("Apache License", "Version 2.0");
        assertThat(resource("schemas/schemastore/NOTICE")).contains("JSON Schema Store");
        assertThat(resource("schemas/devcontainers-spec/LICENSE")).contains("Attribution 4.0 International");
        assertThat(resource("schemas/devcontainers-spec/LICENSE-CODE")).contains("MIT License");
        assertThat(resource("schemas/README.md")).contains(
                "SchemaStore/schemastore", "src/schemas/json/github-workflow.json",
                "devcontainers/spec", "schemas/devContainer.base.schema.json");
    }

    // ---- the checks fail on bad files ---------------------------------------------------------------------------

    @Nested
    @DisplayName("the checks bite")
    class Bites {

        static final String GOOD_WORKFLOW = """
                name: ok
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo hello
                """;

        @Test
        @DisplayName("a small good workflow passes (so the bad ones below fail for their fault alone)")
        void goodWorkflow() {
            assertThat(errors(WORKFLOW, yaml(GOOD_WORKFLOW))).isEmpty();
        }

        @Test
        @DisplayName("a workflow without jobs is refused")
        void noJobs() {
            List<Error> errors = errors(WORKFLOW, yaml("""
                    name: no jobs
                    on: push
                    """));
            assertThat(errors).isNotEmpty();
            assertThat(errors.toString()).contains("jobs");
        }

        @Test
        @DisplayName("a job with runs-on misspelled is refused")
        void runsOnMisspelled() {
            List<Error> errors = errors(WORKFLOW, yaml(GOOD_WORKFLOW.replace("runs-on:", "run-on:")));
            assertThat(errors).isNotEmpty();
            assertThat(errors.toString()).contains("run-on");
        }

        @Test
        @DisplayName("a YAML mapping with a duplicate key is refused")
        void duplicateYamlKey() {
            assertThatThrownBy(() -> yaml(GOOD_WORKFLOW + "on: pull_request\n")).hasMessageContaining("found duplicate key on");
        }

        @Test
        @DisplayName("YAML 1.2: 'on' is the string \"on\", not the boolean of YAML 1.1")
        void yaml12() {
            assertThat(yaml(GOOD_WORKFLOW).has("on")).isTrue();
        }

        static final String GOOD_DEVCONTAINER = """
                {
                  // a comment, as the spec allows
                  "name": "x",
                  "image": "mcr.microsoft.com/devcontainers/java:25-bookworm",
                  /* another */
                  "forwardPorts": [25000]
                }
                """;

        @Test
        @DisplayName("a small good devcontainer (with comments) passes")
        void goodDevcontainer() {
            assertThat(errors(DEVCONTAINER, json(GOOD_DEVCONTAINER, Dialect.DEVCONTAINER))).isEmpty();
        }

        @Test
        @DisplayName("a devcontainer with forwardPorts: \"x\" is refused")
        void forwardPortsNotAList() {
            List<Error> errors = errors(DEVCONTAINER, json(GOOD_DEVCONTAINER.replace("[25000]", "\"x\""), Dialect.DEVCONTAINER));
            assertThat(errors).isNotEmpty();
            assertThat(errors.toString()).contains("forwardPorts");
        }

        @Test
        @DisplayName("a devcontainer with an unknown property is refused")
        void unknownProperty() {
            List<Error> errors = errors(DEVCONTAINER, json(GOOD_DEVCONTAINER.replace("\"name\"", "\"nmae\""), Dialect.DEVCONTAINER));
            assertThat(errors.toString()).contains("nmae");
        }

        @Test
        @DisplayName("JSON: a duplicate key, a trailing comma (also in a devcontainer), a comment in plain JSON, trailing text are refused")
        void strictJson() {
            assertThatThrownBy(() -> json("{\"a\": 1, \"a\": 2}", Dialect.JSON)).hasMessageContaining("Duplicate field 'a'");
            assertThatThrownBy(() -> json("{\"a\": 1, \"a\": 2}", Dialect.VSCODE)).hasMessageContaining("Duplicate field 'a'");
            assertThatThrownBy(() -> json("{\"a\": [1,],}", Dialect.DEVCONTAINER)).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> json("// no\n{}", Dialect.JSON)).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> json("{} {}", Dialect.JSON)).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> json("", Dialect.JSON)).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> json("\uFEFF{}", Dialect.JSON)).isInstanceOf(AssertionError.class);
            assertThat(json("{\"a\": [1,], // VS Code allows both\n}", Dialect.VSCODE).path("a").size()).isEqualTo(1);
        }

        @Test
        @DisplayName("a schema reference to anything but the vendored files is refused, not fetched")
        void noRemoteReference() {
            String probe = "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"$ref\": \"https://example.com/elsewhere.json\"}";
            assertThatThrownBy(() -> {
                Schema remote = registry(SpecificationVersion.DRAFT_7).getSchema(SchemaLocation.of("classpath:schemas/remote-ref-probe.json"), probe, InputFormat.JSON);
                remote.initializeValidators();
                remote.validate("{}", InputFormat.JSON);
            }).hasMessageContaining("https://example.com/elsewhere.json").hasMessageContaining("not allowed to be loaded");
        }
    }

    // ---- strict parsing -----------------------------------------------------------------------------------------

    /** The JSON rules of each kind of file: comments and trailing commas, only where their own spec allows them. */
    enum Dialect {
        /** RFC 8259. */
        JSON(false, false),
        /** devcontainer.json: "JSON with Comments"; its base schema says allowComments true, allowTrailingCommas false. */
        DEVCONTAINER(true, false),
        /** VS Code's settings, launch, tasks and extensions files: comments and trailing commas. */
        VSCODE(true, true);

        final JsonMapper mapper;
        final boolean comments, trailingCommas;

        Dialect(boolean comments, boolean trailingCommas) {
            this.comments = comments;
            this.trailingCommas = trailingCommas;
            var b = JsonMapper.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                            JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS, JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS,
                            JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER, JsonReadFeature.ALLOW_MISSING_VALUES,
                            JsonReadFeature.ALLOW_YAML_COMMENTS);
            b.configure(JsonReadFeature.ALLOW_JAVA_COMMENTS, comments); // both // and /* */
            b.configure(JsonReadFeature.ALLOW_TRAILING_COMMA, trailingCommas);
            mapper = b.build();
        }
    }

    /** One JSON document under these rules; an empty file, a byte-order mark or anything after the value fails. */
    static JsonNode json(String text, Dialect dialect) {
        if (text.startsWith("\uFEFF")) throw new AssertionError("a byte-order mark before the JSON");
        try {
            JsonNode node = dialect.mapper.readTree(text);
            if (node == null || node.isMissingNode()) throw new AssertionError("no JSON value");
            return node;
        } catch (JsonProcessingException e) {
            throw new AssertionError(e.getOriginalMessage() + " at " + e.getLocation().offsetDescription(), e);
        }
    }

    /** The loader of workflows: YAML 1.2 core schema, one document, no duplicate key, no complex key, few aliases. */
    static final LoadSettings YAML = LoadSettings.builder()
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(false)
            .setAllowNonScalarKeys(false)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(50)
            .build();

    /** One YAML document as a JSON tree, as GitHub reads a workflow; a key that is not a string fails. */
    static JsonNode yaml(String text) {
        return tree(new Load(YAML).loadFromString(text), "$");
    }

    private static JsonNode tree(Object value, String where) {
        var nodes = JsonNodeFactory.instance;
        return switch (value) {
            case null -> nodes.nullNode();
            case String s -> nodes.textNode(s);
            case Boolean b -> nodes.booleanNode(b);
            case Integer i -> nodes.numberNode(i);
            case Long l -> nodes.numberNode(l);
            case BigInteger b -> nodes.numberNode(b);
            case Double d -> nodes.numberNode(d);
            case List<?> list -> {
                ArrayNode array = nodes.arrayNode();
                for (int i = 0; i < list.size(); i++) array.add(tree(list.get(i), where + "[" + i + "]"));
                yield array;
            }
            case Map<?, ?> map -> {
                ObjectNode object = nodes.objectNode();
                for (var e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) throw new AssertionError(where + ": the key " + e.getKey() + " is not a string (quote it)");
                    object.set(key, tree(e.getValue(), where + "." + key));
                }
                yield object;
            }
            default -> throw new AssertionError(where + ": a YAML value of type " + value.getClass().getName() + " has no JSON form");
        };
    }

    /** A file's text: UTF-8, every byte of it valid. */
    static String read(Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(file + " is not valid UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- schemas ------------------------------------------------------------------------------------------------

    /**
     * A vendored schema, in the draft its {@code $schema} declares (one without it, or with a draft the validator does
     * not know, fails), with every {@code $ref} resolved up front: only the vendored files can be loaded.
     */
    static Schema schema(String resource) {
        JsonNode node = json(resource(resource), Dialect.JSON);
        String declared = node.path("$schema").asText();
        SpecificationVersion draft = SpecificationVersion.fromDialectId(declared)
                .orElseThrow(() -> new AssertionError(resource + " declares no draft the validator knows: $schema '" + declared + "'"));
        Schema schema = registry(draft).getSchema(SchemaLocation.of("classpath:" + resource));
        schema.initializeValidators();
        if (schema.getSchemaContext().getDialect().getSpecificationVersion() != draft) {
            throw new AssertionError(resource + " was loaded as " + schema.getSchemaContext().getDialect().getId() + ", not as its " + declared);
        }
        return schema;
    }

    /** A registry that knows the vendored schemas by their {@code $id} and loads nothing else: no network, ever. */
    static SchemaRegistry registry(SpecificationVersion draft) {
        return SchemaRegistry.withDefaultDialect(draft, registry -> registry.schemaLoader(loader -> loader
                .fetchRemoteResources(false)
                .schemaIdResolvers(ids -> ids.mappings(VENDORED))
                .allow(ConfigFilesTest::vendored)));
    }

    private static boolean vendored(AbsoluteIri iri) {
        String s = iri.toString();
        return VENDORED.containsKey(s) || s.startsWith("classpath:schemas/");
    }

    static List<Error> errors(Schema schema, JsonNode document) {
        return schema.validate(document.toString(), InputFormat.JSON);
    }

    static String resource(String name) {
        try (InputStream in = ConfigFilesTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new AssertionError("no " + name + " on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
