package pq;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.Policy;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Runs every @Test method of the classes named on the command line, in name order, and writes one JSON record
 * per test to fd 3 (read by the supervisor), then {"end": true}.
 *
 * <p>The reply's classes are compiled into their own directory (/tmp/pq/cand); the tests and this runner into
 * /tmp/pq/test, the only code source the policy grants anything to. Fd 3 is opened before any class of the
 * reply is loaded, then a SecurityManager is installed: code of the reply on the stack denies file and fd
 * access (so it cannot write fd 3 or /proc/self/mem), exec, native libraries, reflection into other classes'
 * private members, and this manager refuses System.exit/Runtime.halt to everyone until the results are
 * written. Everything here is private: a class of the reply declared in package pq gains nothing.
 */
public final class Runner {
    private static boolean started;

    private Runner() {}

    private static final class Guard extends SecurityManager {
        private final Thread owner = Thread.currentThread();
        private volatile boolean finished;

        @Override
        public void checkExit(int status) {
            if (!finished || Thread.currentThread() != owner) {
                throw new SecurityException("exiting is not allowed while the tests run");
            }
        }
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }

    private static String describe(Throwable t) {
        if (t instanceof AssertionError && t.getMessage() != null) return t.getMessage();
        StringBuilder text = new StringBuilder(String.valueOf(t));
        for (StackTraceElement frame : t.getStackTrace()) {
            if (!frame.getClassName().startsWith("java.") && !frame.getClassName().startsWith("jdk.")
                    && !frame.getClassName().startsWith("pq.")) {
                text.append(" (at ").append(frame).append(")");
                break;
            }
        }
        return text.toString();
    }

    private static void record(PrintStream results, String name, String problem) {
        String reason = problem == null ? "" : (problem.length() > 1000 ? problem.substring(0, 1000) : problem);
        results.println("{\"test\": " + json(name) + ", \"ok\": " + (problem == null) + ", \"reason\": " + json(reason)
                + "}");
        results.flush();
    }

    @SuppressWarnings("removal")
    public static void main(String[] args) throws Exception {
        synchronized (Runner.class) {
            if (started) throw new IllegalStateException("the runner runs once");
            started = true;
        }
        PrintStream results = new PrintStream(new FileOutputStream("/dev/fd/3"), false, StandardCharsets.UTF_8);
        Guard guard = new Guard();
        System.setSecurityManager(guard);
        Policy.getPolicy();  // read the policy now, before any code of the reply runs
        int failed = 0;
        for (String className : args) {
            Method[] methods;
            Class<?> cls;
            try {
                cls = Class.forName(className);
                methods = cls.getDeclaredMethods();
            } catch (Throwable t) {
                failed++;
                record(results, className, "cannot load the test class: " + describe(t));
                continue;
            }
            Arrays.sort(methods, Comparator.comparing(Method::getName));
            for (Method m : methods) {
                if (!m.isAnnotationPresent(Test.class)) continue;
                String problem = null;
                try {
                    Object instance = Modifier.isStatic(m.getModifiers()) ? null : cls.getDeclaredConstructor().newInstance();
                    m.setAccessible(true);
                    m.invoke(instance);
                } catch (InvocationTargetException e) {
                    problem = describe(e.getCause());
                } catch (Throwable t) {
                    problem = describe(t);
                }
                if (problem != null) failed++;
                record(results, m.getName(), problem);
            }
        }
        results.println("{\"end\": true}");
        results.flush();
        guard.finished = true;
        Runtime.getRuntime().halt(failed == 0 ? 0 : 1);
    }
}
