package com.manage2soar.aliassync.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the config file into plain maps, lists and scalars (SnakeYAML's safe constructor: no classes,
 * no global tags). Its errors say where (line:column, and the key path) and what is wrong, never the text found there:
 * SnakeYAML's own messages quote it, and a misplaced API key is exactly such text.
 */
final class YamlReader {
    /** A SnakeYAML problem that quotes the text it refuses (known by how it starts), and what to say instead. */
    private record Rewording(String problemStart, String message) {}

    private static final List<Rewording> QUOTING_PROBLEMS = List.of(
            new Rewording("found undefined alias", "a value starting with '*' is read as a YAML alias: quote the value"),
            new Rewording("could not determine a constructor for the tag",
                "a value starting with '!' is read as a YAML tag: quote the value"),
            new Rewording("Global tag is not allowed", "a '!!' type tag that is not allowed here: remove it or quote the value"),
            new Rewording("found undefined tag handle", "a value starting with '!' is read as a YAML tag: quote the value"),
            new Rewording("found unknown escape character",
                "an unknown backslash escape in a double-quoted value: use single quotes"),
            new Rewording("found character '\\t(TAB)'", "a tab: YAML indents with spaces only"),
            new Rewording("found character", "a character that cannot start a value here ('@', '`', '%'...): quote the value"));
    /** The spelling of our config's keys: a duplicate key named so is named in the message. */
    private static final Pattern KEY_NAME = Pattern.compile("[a-z_]{1,40}");
    /** Quoted text in any other problem: kept when it is one character or one of SnakeYAML's {@code <token>} names. */
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    private YamlReader() {}

    static Object read(Path file) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Yaml(new MarkingConstructor(options)).load(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file (give another with --config)");
        } catch (AccessDeniedException e) {
            throw new ConfigException(file + ": permission denied (the job runs as root from cron)");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        } catch (MarkedYAMLException e) {
            throw new ConfigException(file + where(e.getProblemMark()) + ": not valid YAML: " + problem(e)
                    + at(file, e.getProblemMark()));
        } catch (RuntimeException e) {
            // Whatever else SnakeYAML throws (bad UTF-8, a limit): its message may quote the text too.
            throw new ConfigException(file + ": not valid YAML (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** " (at http.retries)": the key whose value the error is in, when there is one. */
    private static String at(Path file, Mark mark) {
        if (mark == null) {
            return "";
        }
        try {
            String path = YamlPath.at(Files.readString(file), mark, ConfigLoader.TOP_LEVEL.allKeys());
            return path.isEmpty() ? "" : " (at " + path + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static String where(Mark mark) {
        return mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    /** What is wrong, in SnakeYAML's words where they hold no quoted text. */
    static String problem(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        if (e instanceof DuplicateKeyException) {
            String key = problem.substring(problem.lastIndexOf(' ') + 1);
            return (KEY_NAME.matcher(key).matches() ? "the key '" + key + "'" : "a key") + " given twice in one mapping";
        }
        for (Rewording rewording : QUOTING_PROBLEMS) {
            if (problem.startsWith(rewording.problemStart())) {
                return rewording.message();
            }
        }
        String context = e.getContext() == null ? "" : e.getContext() + ", ";
        return QUOTED.matcher(context + problem).replaceAll(quoted -> quoted.group(1).length() <= 1
                || quoted.group(1).startsWith("<") ? Matcher.quoteReplacement(quoted.group()) : "'...'");
    }

    /**
     * A value with a tag whose type cannot take its text ({@code !!float abc}, {@code !!binary ?}) makes
     * SnakeYAML throw plain runtime exceptions that quote the text and say nowhere where: this gives
     * them the node's position and a message of our own.
     */
    private static final class MarkingConstructor extends SafeConstructor {
        MarkingConstructor(LoaderOptions options) {
            super(options);
        }

        @Override
        protected Object constructObject(org.yaml.snakeyaml.nodes.Node node) {
            try {
                return super.constructObject(node);
            } catch (MarkedYAMLException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new UnbuildableValue(node.getStartMark(), node.getTag().getValue());
            }
        }
    }

    private static final class UnbuildableValue extends MarkedYAMLException {
        private static final long serialVersionUID = 1L;

        UnbuildableValue(Mark mark, String tag) {
            super(null, null, "a value its tag " + (tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.substring(18) : "")
                    + " cannot be built from: remove the tag or quote the value", mark);
        }
    }
}
