import java.io.File;
import java.lang.reflect.Constructor;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Stop-gap for packaging/build-deb.sh while Main has no {@code generate-completion} subcommand:
 * prints the bash completion script of the command as Main.run wires it. picocli.AutoComplete's own
 * CLI cannot do that: it instantiates the class with a no-arg constructor, which Main lacks, and it
 * would miss the subcommands Main.run adds programmatically. So this builds Main and each named
 * subcommand reflectively (their constructors only store their arguments; nothing runs) and finds
 * a subcommand's class by its {@code @Command(name)} in the application jar.
 *
 * <p>Run with a JDK >= 21 (source-file mode needs jdk.compiler, which the runtime image lacks):
 * {@code java -cp 'target/image/lib/app/*' packaging/CompletionScript.java APPJAR NAME [SUBCOMMAND...]}
 */
public class CompletionScript {
    public static void main(String[] args) throws Exception {
        File appJar = new File(args[0]);
        String name = args[1];
        CommandLine cli = new CommandLine(instantiate(Class.forName("com.manage2soar.aliassync.Main")));
        for (int i = 2; i < args.length; i++) {
            cli.addSubcommand(args[i], instantiate(commandClass(appJar, args[i])));
        }
        System.out.print(AutoComplete.bash(name, cli));
    }

    /** The class in the jar annotated {@code @Command(name = name)}. */
    private static Class<?> commandClass(File appJar, String name) throws Exception {
        try (JarFile jar = new JarFile(appJar)) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String entry = e.nextElement().getName();
                if (!entry.endsWith(".class") || entry.contains("$")) {
                    continue;
                }
                Class<?> c = Class.forName(entry.replace('/', '.').replace(".class", ""), false,
                        CompletionScript.class.getClassLoader());
                Command command = c.getAnnotation(Command.class);
                if (command != null && command.name().equals(name)) {
                    return c;
                }
            }
        }
        throw new IllegalStateException("no @Command(name = \"" + name + "\") class in " + appJar);
    }

    /** An instance from the class's first declared constructor, with empty or null arguments. */
    private static Object instantiate(Class<?> c) throws Exception {
        Constructor<?> constructor = c.getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        Class<?>[] types = constructor.getParameterTypes();
        Object[] values = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            values[i] = types[i] == Map.class ? Map.of() : types[i] == boolean.class ? false : null;
        }
        return constructor.newInstance(values);
    }
}
