package com.manage2soar.aliassync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code config.example.yml} is the config the package installs for the administrator to edit, and says it
 * lists every key with its default: it is held to the loader's declarations, not to copies written here.
 */
class ConfigExampleTest {
    private static final Path EXAMPLE = Path.of("config.example.yml");
    /** A key shown commented out ({@code # metrics_file: /var/lib/...}), for the administrator to enable. */
    private static final Pattern COMMENTED_KEY = Pattern.compile("(?m)^\\s*#\\s*(?:- )?([a-z_]+):");

    @TempDir
    Path dir;

    /** A setting of the declarations, and the mapping of the example that would hold it (empty: none there). */
    private record Placed(String path, Setting<?> setting, Optional<Node> mapping) {}

    @Test
    void theExampleLoadsAndEqualsTheConfigWithoutTheDefaultsItStates() throws Exception {
        Path file = dir.resolve("config.yml");
        Files.writeString(file, Files.readString(EXAMPLE));
        // It holds a (placeholder) key inline, so the loader wants it private.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        SyncConfig example = new ConfigLoader(Map.of()).load(file);

        Map<?, ?> withoutDefaults = withoutDefaultedKeys((Map<?, ?>) YamlReader.read(EXAMPLE), ConfigLoader.TOP_LEVEL);
        Files.writeString(file, new Yaml().dump(withoutDefaults));
        SyncConfig defaults = new ConfigLoader(Map.of()).load(file);

        // Compared as text: a Secret has no equals, so that no code compares keys by accident; it prints as stars.
        assertEquals(defaults.toString(), example.toString());
    }

    @Test
    void eachDefaultTheExampleStatesIsTheDeclaredDefault() throws Exception {
        int stated = 0;
        for (Placed p : placed(exampleRoot())) {
            Optional<Node> mapping = p.mapping();
            if (p.setting().fallback().isPresent() && mapping.isPresent() && p.setting().isIn(mapping.get())) {
                assertEquals(p.setting().fallback().get(), p.setting().value(mapping.get()), p.path());
                stated++;
            }
        }
        assertTrue(stated >= 10, "the walk found the example's defaults: " + stated);
    }

    @Test
    void theExampleStatesEveryKeyThatHasADefault() throws Exception {
        for (Placed p : placed(exampleRoot())) {
            if (p.setting().fallback().isPresent()) {
                assertTrue(p.mapping().isPresent() && p.setting().isIn(p.mapping().get()),
                        "config.example.yml does not state " + p.path() + " and its default");
            }
        }
    }

    @Test
    void everyKeyTheExampleShowsCommentedOutIsKnown() throws IOException {
        Set<String> known = new HashSet<>();
        keys(ConfigLoader.TOP_LEVEL, known);
        Matcher commented = COMMENTED_KEY.matcher(Files.readString(EXAMPLE));
        int found = 0;
        while (commented.find()) {
            assertTrue(known.contains(commented.group(1)), "not a key the loader knows: " + commented.group(1));
            found++;
        }
        assertTrue(found >= 4, "found the commented-out keys: " + found);
        assertFalse(known.contains("defualt_auth_token"));
    }

    @Test
    void theReadmeKeyTableStatesEachDefaultAsDeclared() throws Exception {
        Map<String, String> readme = readmeDefaults();
        int checked = 0;
        for (Placed p : placed(new Node("", Map.of()))) {
            if (p.setting().fallback().isEmpty()) {
                continue;
            }
            String cell = readme.get(p.path());
            assertTrue(cell != null, "the README's key table has no row for " + p.path());
            // "64 MiB" is how a reader counts bytes.
            Matcher mib = Pattern.compile("(\\d+) MiB").matcher(cell);
            Object value = mib.matches() ? Long.parseLong(mib.group(1)) << 20 : new Yaml().load(cell.replace("`", ""));
            assertEquals(p.setting().fallback().get(), p.setting().parser().parse(new Node(p.path(), value)), p.path());
            checked++;
        }
        assertTrue(checked >= 15, "the walk found the declared defaults: " + checked);
    }

    /** The README's "Configure" table: each key (every backticked key of a row's first cell) → its default cell. */
    private static Map<String, String> readmeDefaults() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("## Configure"), readme.indexOf("## Run"));
        Map<String, String> defaults = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| ([^|]+) \\| ([^|]+) \\|").matcher(table);
        while (row.find()) {
            Matcher key = Pattern.compile("`([a-z_.]+)`").matcher(row.group(1).replace("[]", ""));
            while (key.find()) {
                defaults.put(key.group(1), row.group(2).strip());
            }
        }
        return defaults;
    }

    private static Node exampleRoot() throws ConfigException {
        return new Node("", YamlReader.read(EXAMPLE));
    }

    /** Every declared setting under {@code section}, with the example's mapping for it (each club's, for clubs). */
    private static List<Placed> placed(Node root) throws ConfigException {
        List<Placed> out = new ArrayList<>();
        place(ConfigLoader.TOP_LEVEL, Optional.of(root), "", out);
        return out;
    }

    private static void place(Section section, Optional<Node> mapping, String path, List<Placed> out)
            throws ConfigException {
        for (ConfigKey key : section.members()) {
            String where = path.isEmpty() ? key.key() : path + "." + key.key();
            switch (key) {
                case Setting<?> setting -> out.add(new Placed(where, setting, mapping));
                case Section nested -> {
                    Optional<Node> node = mapping.isEmpty() ? Optional.empty() : mapping.get().get(nested.key());
                    if (node.isPresent() && node.get().value() instanceof List<?>) {
                        for (Node item : node.get().list()) {
                            place(nested, Optional.of(item), item.path(), out);
                        }
                    } else {
                        place(nested, node, where, out);
                    }
                }
            }
        }
    }

    /** The YAML tree without the keys that have a declared default, so that the loader supplies them. */
    private static Map<?, ?> withoutDefaultedKeys(Map<?, ?> mapping, Section section) {
        Map<Object, Object> out = new LinkedHashMap<>(mapping);
        for (ConfigKey key : section.members()) {
            switch (key) {
                case Setting<?> setting when setting.fallback().isPresent() -> out.remove(setting.key());
                case Section nested when out.get(nested.key()) instanceof Map<?, ?> inner ->
                        out.put(nested.key(), withoutDefaultedKeys(inner, nested));
                default -> { }
            }
        }
        return out;
    }

    private static void keys(Section section, Set<String> out) {
        for (ConfigKey key : section.members()) {
            out.add(key.key());
            if (key instanceof Section nested) {
                keys(nested, out);
            }
        }
    }
}
