package org.crjob.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every test class of this module is an {@link EndToEnd} one: a class without it would run without Slurm's check. */
class EveryEndToEndClassIsTaggedTest {

    @Test
    void everyClassWithTestsInThisModuleIsMarkedEndToEnd() throws Exception {
        List<Class<?>> withTests = testClasses();

        assertTrue(withTests.size() > 10, "found the module's test classes: " + withTests);
        assertEquals(List.of(), withTests.stream().filter(c -> !c.isAnnotationPresent(EndToEnd.class))
                .map(Class::getSimpleName).toList(), "classes with tests but no @EndToEnd");
    }

    private static List<Class<?>> testClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(EveryEndToEndClassIsTaggedTest.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        List<String> names;
        try (Stream<Path> files = Files.walk(root)) {
            names = files.map(root::relativize).map(Path::toString).filter(f -> f.endsWith(".class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.')).toList();
        }
        List<Class<?>> withTests = new ArrayList<>();
        for (String name : names) {
            Class<?> type = Class.forName(name, false, EveryEndToEndClassIsTaggedTest.class.getClassLoader());
            if (type != EveryEndToEndClassIsTaggedTest.class && hasTests(type)) {
                withTests.add(type);
            }
        }
        return withTests;
    }

    private static boolean hasTests(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods()).map(Method::getDeclaredAnnotations).flatMap(Arrays::stream)
                .anyMatch(a -> a.annotationType().getSimpleName().equals("Test"));
    }
}
