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
 * (YAML 1.2, no duplicate keys, SchemaStore's github-workflow schema), every JSON file of the repository as plain
 * JSON (RFC 8259: VS Code's files and the devcontainer's allow comments, the lab writes none), the devcontainer
 * against the devcontainers/spec base schema, VS Code's tasks against SchemaStore's task schema, its launch
 * configurations against the Java debugger's own attributes (composed as VS Code composes them) and its settings
 * against the settings the Java extensions declare. The schemas are vendored in {@code src/test/resources/schemas/}
 * (see the README there): nothing is fetched, and a schema reference to anything but those files is refused. Each
 * check is also shown to fail on a bad file.
 */
@DisplayName("configuration files: strict parsing and official schemas")
class ConfigFilesTest {

    static final Path ROOT = Path.of(System.getProperty("lab.root", "..")).toAbsolutePath().normalize();

    /** Folders never walked: build output, packages, git's own files. */
    static final Set<String> SKIPPED = Set.of("target", "node_modules", ".git");

    /** Plain JSON (RFC 8259), read strictly: no comment, no trailing comma, no duplicate key, nothing after the value. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS, JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS,
                    JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER, JsonReadFeature.ALLOW_MISSING_VALUES)
            .build();

    static final String WORKFLOW_SCHEMA = "schemas/schemastore/github-workflow.json";
    static final String DEVCONTAINER_SCHEMA = "schemas/devcontainers-spec/devContainer.base.schema.json";
    static final String TASKS_SCHEMA = "schemas/schemastore/task.json";
    /** The Java debugger's manifest: its launch attributes and its settings. */
    static final String JAVA_DEBUG_MANIFEST = "schemas/vscode-java-debug/package.json";
    /** The Java language support's manifest: its settings. */
    static final String JAVA_MANIFEST = "schemas/vscode-java/package.json";

    /** The {@code $id}s of the vendored schemas, each mapped to its copy on the class path; nothing else is loaded. */
    static final Map<String, String> VENDORED = Map.of(
            "https://json.schemastore.org/github-workflow.json", "classpath:" + WORKFLOW_SCHEMA,
            "https://json.schemastore.org/task.json", "classpath:" + TASKS_SCHEMA);

    static final Schema WORKFLOW = schema(WORKFLOW_SCHEMA);
    static final Schema DEVCONTAINER = schema(DEVCONTAINER_SCHEMA);
    static final Schema TASKS = schema(TASKS_SCHEMA);
    static final Schema LAUNCH = launchSchema();
    /** Every setting the vendored extensions declare, by name, with the schema of its value. */
    static final Map<String, Schema> SETTINGS = settings(JAVA_MANIFEST, JAVA_DEBUG_MANIFEST);

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
    @DisplayName(".devcontainer/devcontainer.json is valid against the devcontainer base schema, and its VS Code settings are settings the Java extensions declare")
    void devcontainer() {
        JsonNode devcontainer = file(".devcontainer/devcontainer.json");
        assertThat(errors(DEVCONTAINER, devcontainer)).as(".devcontainer/devcontainer.json against " + DEVCONTAINER_SCHEMA).isEmpty();
        assertThat(settingErrors(devcontainer.path("customizations").path("vscode").path("settings")))
                .as(".devcontainer/devcontainer.json: customizations.vscode.settings").isEmpty();
    }

    @Test
    @DisplayName(".vscode/tasks.json is valid against SchemaStore's task schema")
    void tasks() {
        assertThat(errors(TASKS, file(".vscode/tasks.json"))).as(".vscode/tasks.json against " + TASKS_SCHEMA).isEmpty();
    }

    @Test
    @DisplayName(".vscode/launch.json is valid against the Java debugger's launch attributes, as VS Code checks them")
    void launch() {
        assertThat(errors(LAUNCH, file(".vscode/launch.json"))).as(".vscode/launch.json against " + JAVA_DEBUG_MANIFEST).isEmpty();
    }

    @Test
    @DisplayName(".vscode/settings.json sets only settings the Java extensions declare, each to a value they accept")
    void vscodeSettings() {
        assertThat(settingErrors(file(".vscode/settings.json"))).as(".vscode/settings.json").isEmpty();
    }

    @Test
    @DisplayName("VS Code knows every step: a launch configuration of its Main carrying the generators' flag, a check task and a watch task")
    void vscodeKnowsEveryStep() {
        String flag = addExports();
        JsonNode launch = file(".vscode/launch.json").path("configurations"), tasks = file(".vscode/tasks.json").path("tasks");
        Layout layout = Layout.at(ROOT);
        List<String> projects = new ArrayList<>();
        for (Layout.Step step : layout.steps()) {
            String project = artifactId(step.skeleton().resolve("pom.xml"));
            projects.add(project);
            List<JsonNode> configs = new ArrayList<>();
            launch.forEach(c -> { if (c.path("projectName").asText().equals(project)) configs.add(c); });
            assertThat(configs).as("launch configurations of %s", project).hasSize(1);
            JsonNode c = configs.getFirst();
            assertThat(c.path("name").asText()).as(project + ": name").startsWith("Step %02d: ".formatted(step.number()));
            assertThat(c.path("mainClass").asText()).as(project + ": mainClass").isEqualTo("lab.Main");
            assertThat(step.skeleton().resolve("src/main/java/lab/Main.java")).isRegularFile();
            assertThat(c.path("vmArgs").asText().split("\\s+")).as(project + ": vmArgs").contains(flag);
            assertThat(c.path("cwd").asText()).as(project + ": cwd, where ./lab run runs").isEqualTo("${workspaceFolder}");
            for (String verb : List.of("check", "watch")) {
                String label = "Step %02d: %s".formatted(step.number(), verb);
                List<JsonNode> found = new ArrayList<>();
                tasks.forEach(t -> { if (t.path("label").asText().equals(label)) found.add(t); });
                assertThat(found).as("tasks labelled '%s'", label).hasSize(1);
                assertThat(found.getFirst().path("command").asText()).as(label + ": command").isEqualTo("./lab");
                assertThat(found.getFirst().path("args").toString()).as(label + ": args")
                        .isEqualTo("[\"%s\",\"%d\"]".formatted(verb, step.number()));
            }
        }
        List<String> configured = new ArrayList<>();
        launch.forEach(c -> configured.add(c.path("projectName").asText()));
        assertThat(configured).as("the projects launch.json runs, one per step").containsExactlyElementsOf(projects);
        tasks.forEach(t -> assertThat(ROOT.resolve(t.path("command").asText())).as(t.path("label").asText() + ": its command").isExecutable());
        assertThat(file(".vscode/settings.json").path("java.debug.settings.vmArgs").asText().split("\\s+"))
                .as(".vscode/settings.json: java.debug.settings.vmArgs (the Run and Debug links above main)").contains(flag);
    }

    @Test
    @DisplayName("the devcontainer builds the lab before the IDE opens, forwards the server's port and serves the book on a port it opens in a preview")
    void devcontainerDoesItsJobs() throws IOException {
        JsonNode d = file(".devcontainer/devcontainer.json");
        assertThat(d.path("updateContentCommand").asText()).as("updateContentCommand (part of a prebuild, waited for)").isEqualTo("./lab build");
        List<Integer> forwarded = new ArrayList<>();
        d.path("forwardPorts").forEach(p -> forwarded.add(p.asInt()));
        var echo = java.util.regex.Pattern.compile("DEFAULT_PORT = (\\d+);").matcher(
                Files.readString(ROOT.resolve("solutions/03-echo-server/src/main/java/lab/EchoServer.java")));
        assertThat(echo.find()).as("EchoServer.DEFAULT_PORT in solutions/03-echo-server").isTrue();
        int server = Integer.parseInt(echo.group(1));
        assertThat(forwarded).as("forwardPorts").contains(server);
        assertThat(d.path("portsAttributes").path(String.valueOf(server)).path("label").asText()).as("the server port's label").isNotBlank();
        var serve = java.util.regex.Pattern.compile("tools/serve-book\\.sh (\\d+)").matcher(d.path("postStartCommand").asText());
        assertThat(serve.matches()).as("postStartCommand serves the book: " + d.path("postStartCommand")).isTrue();
        int book = Integer.parseInt(serve.group(1));
        assertThat(forwarded).as("forwardPorts").contains(book);
        assertThat(d.path("portsAttributes").path(String.valueOf(book)).path("onAutoForward").asText()).as("the book port's onAutoForward").isEqualTo("openPreview");
        for (String command : List.of("onCreateCommand", "updateContentCommand", "postCreateCommand", "postStartCommand", "postAttachCommand")) {
            if (!d.has(command)) continue;
            assertThat(d.path(command).isTextual()).as(command + " is one command line").isTrue();
            assertThat(ROOT.resolve(d.path(command).asText().split(" ")[0])).as(command + ": its program").isExecutable();
        }
    }

    /** The flag every JVM that runs generators needs: the root pom's {@code lab.addExports}. */
    static String addExports() {
        var m = java.util.regex.Pattern.compile("<lab.addExports>([^<]+)</lab.addExports>").matcher(read(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as("lab.addExports in pom.xml").isTrue();
        return m.group(1);
    }

    /** A pom's own artifactId (the first after its parent's). */
    static String artifactId(Path pom) {
        String text = read(pom).replaceAll("(?s)<parent>.*?</parent>", "");
        var m = java.util.regex.Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(text);
        assertThat(m.find()).as("artifactId in " + pom).isTrue();
        return m.group(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyJson")
    @DisplayName("every .json file of the repository is plain JSON: no comment, no trailing comma, no duplicate key (VS Code's and the devcontainer's too)")
    void jsonFile(String file) {
        assertThat(json(read(ROOT.resolve(file)))).as(file).isNotNull();
    }

    /**
     * Every {@code *.json} outside target/, node_modules/ and .git/ (never entered, so a build writing there meanwhile
     * does not matter); links are not followed.
     */
    static Stream<String> everyJson() throws IOException {
        List<String> found = new ArrayList<>();
        Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(ROOT) && SKIPPED.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = ROOT.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                if (attrs.isRegularFile() && name.endsWith(".json")) found.add(name);
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
        assertThat(TASKS.getSchemaContext().getDialect().getSpecificationVersion()).isEqualTo(SpecificationVersion.DRAFT_7);
    }

    @Test
    @DisplayName("a schema named by its $id is the vendored copy, loaded with no network")
    void idMappedToVendoredCopy() {
        Schema byId = registry(SpecificationVersion.DRAFT_7).getSchema(SchemaLocation.of("https://json.schemastore.org/github-workflow.json"));
        assertThat(errors(byId, yaml(Bites.GOOD_WORKFLOW))).isEmpty();
        assertThat(errors(byId, yaml("on: push\n"))).isNotEmpty();
    }

    @Test
    @DisplayName("plain JSON is within what devcontainer.json's schema allows (it allows comments, not trailing commas)")
    void devcontainerDialectFromItsSchema() {
        JsonNode schema = json(resource(DEVCONTAINER_SCHEMA));
        assertThat(schema.path("allowComments").asBoolean()).isTrue();
        assertThat(schema.path("allowTrailingCommas").asBoolean(true)).isFalse();
    }

    @Test
    @DisplayName("each vendored schema has its licence beside it and its origin in the README there")
    void vendoredWithLicence() {
        assertThat(resource("schemas/schemastore/LICENSE")).contains("Apache License", "Version 2.0");
        assertThat(resource("schemas/schemastore/NOTICE")).contains("JSON Schema Store");
        assertThat(resource("schemas/devcontainers-spec/LICENSE")).contains("Attribution 4.0 International");
        assertThat(resource("schemas/devcontainers-spec/LICENSE-CODE")).contains("MIT License");
        assertThat(resource("schemas/vscode-java-debug/LICENSE.txt")).contains("MIT License");
        assertThat(resource("schemas/vscode-java/LICENSE")).contains("Eclipse Public License - v 2.0");
        assertThat(resource("schemas/README.md")).contains(
                "SchemaStore/schemastore", "src/schemas/json/github-workflow.json", "src/schemas/json/task.json",
                "devcontainers/spec", "schemas/devContainer.base.schema.json",
                "microsoft/vscode-java-debug", "redhat-developer/vscode-java");
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
                  "name": "x",
                  "image": "mcr.microsoft.com/devcontainers/java:25-bookworm",
                  "forwardPorts": [25000]
                }
                """;

        @Test
        @DisplayName("a small good devcontainer passes")
        void goodDevcontainer() {
            assertThat(errors(DEVCONTAINER, json(GOOD_DEVCONTAINER))).isEmpty();
        }

        @Test
        @DisplayName("a devcontainer with forwardPorts: \"x\" is refused")
        void forwardPortsNotAList() {
            List<Error> errors = errors(DEVCONTAINER, json(GOOD_DEVCONTAINER.replace("[25000]", "\"x\"")));
            assertThat(errors).isNotEmpty();
            assertThat(errors.toString()).contains("forwardPorts");
        }

        @Test
        @DisplayName("a devcontainer with an unknown property is refused")
        void unknownProperty() {
            List<Error> errors = errors(DEVCONTAINER, json(GOOD_DEVCONTAINER.replace("\"name\"", "\"nmae\"")));
            assertThat(errors.toString()).contains("nmae");
        }

        @Test
        @DisplayName("JSON: a duplicate key, a trailing comma, a comment (even in VS Code's files), trailing text, a byte-order mark are refused")
        void strictJson() {
            assertThatThrownBy(() -> json("{\"a\": 1, \"a\": 2}")).hasMessageContaining("Duplicate field 'a'");
            assertThatThrownBy(() -> json("{\"a\": [1,]}")).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> json("{\"a\": 1,}")).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> json("// VS Code would take this\n{}")).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> json("{/* or this */}")).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> json("{} {}")).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> json("")).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> json("\uFEFF{}")).isInstanceOf(AssertionError.class);
        }

        static final String GOOD_TASKS = """
                {"version": "2.0.0", "tasks": [{"label": "check", "type": "process", "command": "./lab", "args": ["check", "1"], "problemMatcher": []}]}
                """;

        @Test
        @DisplayName("small good tasks pass; args as one string, or an unknown task type, are refused")
        void tasks() {
            assertThat(errors(TASKS, json(GOOD_TASKS))).isEmpty();
            assertThat(errors(TASKS, json(GOOD_TASKS.replace("[\"check\", \"1\"]", "\"check 1\"")))).isNotEmpty().asString().contains("args");
            assertThat(errors(TASKS, json(GOOD_TASKS.replace("\"process\"", "\"bash\"")))).isNotEmpty().asString().contains("type");
            assertThat(errors(TASKS, json(GOOD_TASKS.replace("\"2.0.0\"", "\"0.1.0\"")))).isNotEmpty().asString().contains("version");
        }

        static final String GOOD_LAUNCH = """
                {"version": "0.2.0", "configurations": [{"type": "java", "request": "launch", "name": "Main", "projectName": "p",
                 "mainClass": "lab.Main", "vmArgs": "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "cwd": "${workspaceFolder}"}]}
                """;

        @Test
        @DisplayName("a small good launch configuration passes; a misspelled attribute, a missing mainClass, a number for vmArgs, another debugger are refused")
        void launch() {
            assertThat(errors(LAUNCH, json(GOOD_LAUNCH))).isEmpty();
            assertThat(errors(LAUNCH, json(GOOD_LAUNCH.replace("\"vmArgs\"", "\"vmargs\"")))).isNotEmpty().asString().contains("vmargs");
            assertThat(errors(LAUNCH, json(GOOD_LAUNCH.replace("\"mainClass\"", "\"main\"")))).isNotEmpty().asString().contains("mainClass");
            assertThat(errors(LAUNCH, json(GOOD_LAUNCH.replace("\"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED\"", "5")))).isNotEmpty().asString().contains("vmArgs");
            assertThat(errors(LAUNCH, json(GOOD_LAUNCH.replace("\"java\"", "\"node\"")))).isNotEmpty().asString().contains("type");
            assertThat(errors(LAUNCH, json(GOOD_LAUNCH.replace("\"0.2.0\"", "\"2.0.0\"")))).isNotEmpty().asString().contains("version");
        }

        @Test
        @DisplayName("settings: a misspelled setting, or a value its extension does not accept, is refused")
        void settings() {
            assertThat(settingErrors(json("{\"java.debug.settings.vmArgs\": \"-Dx=1\", \"java.configuration.updateBuildConfiguration\": \"automatic\"}"))).isEmpty();
            assertThat(settingErrors(json("{\"java.debug.settings.vmargs\": \"-Dx=1\"}"))).singleElement().asString().contains("java.debug.settings.vmargs", "not a setting");
            assertThat(settingErrors(json("{\"java.configuration.updateBuildConfiguration\": \"always\"}"))).singleElement().asString()
                    .contains("java.configuration.updateBuildConfiguration");
            assertThat(settingErrors(json("[]"))).isNotEmpty();
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


    /** One JSON document; an empty file, a byte-order mark or anything after the value fails. */
    static JsonNode json(String text) {
        if (text.startsWith("\uFEFF")) throw new AssertionError("a byte-order mark before the JSON");
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) throw new AssertionError("no JSON value");
            return node;
        } catch (JsonProcessingException e) {
            throw new AssertionError(e.getOriginalMessage() + " at " + e.getLocation().offsetDescription(), e);
        }
    }

    /** A JSON file of the repository, by its path from the root. */
    static JsonNode file(String name) {
        Path file = ROOT.resolve(name);
        assertThat(file).isRegularFile();
        return json(read(file));
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
        JsonNode node = json(resource(resource));
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

    /**
     * The schema of launch.json for the Java debugger, composed as VS Code composes it from a debugger's manifest
     * ({@code Debugger.getSchemaAttributes} in microsoft/vscode, src/vs/workbench/contrib/debug/common/debugger.ts):
     * the manifest's launch attributes plus the ones every debugger shares, name, type and request required, and no
     * other attribute allowed; launch.json itself holds a version and the configurations (debugSchemas.ts).
     */
    static Schema launchSchema() {
        JsonNode manifest = json(resource(JAVA_DEBUG_MANIFEST));
        JsonNode debugger = manifest.path("contributes").path("debuggers").path(0);
        assertThat(debugger.path("type").asText()).as(JAVA_DEBUG_MANIFEST + ": the first debugger").isEqualTo("java");
        ObjectNode launch = debugger.path("configurationAttributes").path("launch").deepCopy();
        bareTypesAsSchemas(launch);
        ArrayNode required = JsonNodeFactory.instance.arrayNode().add("name").add("type").add("request");
        launch.path("required").forEach(required::add);
        launch.set("required", required);
        launch.put("type", "object");
        launch.put("additionalProperties", false);
        ObjectNode properties = (ObjectNode) launch.path("properties");
        properties.set("type", json("{\"enum\": [\"java\"]}"));
        properties.set("name", json("{\"type\": \"string\"}"));
        properties.set("request", json("{\"enum\": [\"launch\"]}"));
        properties.set("debugServer", json("{\"type\": \"number\"}"));
        properties.set("preLaunchTask", json("{\"type\": [\"string\", \"object\", \"null\"]}"));
        properties.set("postDebugTask", json("{\"type\": [\"string\", \"object\", \"null\"]}"));
        properties.set("internalConsoleOptions", json("{\"enum\": [\"neverOpen\", \"openOnFirstSessionStart\", \"openOnSessionStart\"]}"));
        ObjectNode file = (ObjectNode) json("""
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["version", "configurations"],
                 "additionalProperties": false,
                 "properties": {"version": {"enum": ["0.2.0"]}, "configurations": {"type": "array"}, "compounds": {"type": "array"}, "inputs": {"type": "array"}}}
                """);
        ((ObjectNode) file.path("properties").path("configurations")).set("items", launch);
        Schema schema = registry(SpecificationVersion.DRAFT_7).getSchema(SchemaLocation.of("classpath:schemas/vscode-java-debug/launch-composed.json"),
                file.toString(), InputFormat.JSON);
        schema.initializeValidators();
        return schema;
    }

    /**
     * Reads a bare type name where a list of schemas belongs as the schema of that type: the Java extensions'
     * manifests write {@code "anyOf": [{"enum": [...]}, "string"]} (the debugger's classPaths and modulePaths, a few
     * settings), which VS Code's lenient validator takes as "or any string" and a strict one refuses as a schema.
     */
    static void bareTypesAsSchemas(JsonNode node) {
        node.properties().forEach(p -> {
            if (List.of("anyOf", "oneOf", "allOf").contains(p.getKey()) && p.getValue() instanceof ArrayNode list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i).isTextual()) list.set(i, JsonNodeFactory.instance.objectNode().put("type", list.get(i).asText()));
                }
            }
        });
        node.forEach(ConfigFilesTest::bareTypesAsSchemas);
    }

    /** The settings the given extension manifests declare ({@code contributes.configuration}), each with its value's schema. */
    static Map<String, Schema> settings(String... manifests) {
        Map<String, Schema> settings = new java.util.TreeMap<>();
        for (String manifest : manifests) {
            JsonNode configuration = json(resource(manifest)).path("contributes").path("configuration");
            for (JsonNode section : configuration.isArray() ? configuration : List.of(configuration)) {
                section.path("properties").properties().forEach(p -> {
                    ObjectNode declared = p.getValue().deepCopy();
                    bareTypesAsSchemas(declared);
                    declared.put("$schema", "http://json-schema.org/draft-07/schema#");
                    Schema schema = registry(SpecificationVersion.DRAFT_7).getSchema(
                            SchemaLocation.of("classpath:" + manifest.replace("package.json", "settings/" + p.getKey() + ".json")),
                            declared.toString(), InputFormat.JSON);
                    schema.initializeValidators();
                    assertThat(settings.put(p.getKey(), schema)).as("%s declared twice", p.getKey()).isNull();
                });
            }
        }
        assertThat(settings).as("settings declared in " + String.join(", ", manifests)).hasSizeGreaterThan(20);
        return settings;
    }

    /** What is wrong with a settings object: a key no vendored extension declares, or a value its declaration refuses. */
    static List<String> settingErrors(JsonNode settings) {
        if (!settings.isObject()) return List.of("settings must be a JSON object, not " + settings.getNodeType());
        List<String> found = new ArrayList<>();
        settings.properties().forEach(p -> {
            Schema schema = SETTINGS.get(p.getKey());
            if (schema == null) {
                found.add(p.getKey() + ": not a setting of the Java extensions (" + JAVA_MANIFEST + ", " + JAVA_DEBUG_MANIFEST + ")");
            } else {
                errors(schema, p.getValue()).forEach(e -> found.add(p.getKey() + ": " + e));
            }
        });
        return found;
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
