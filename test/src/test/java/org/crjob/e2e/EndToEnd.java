package org.crjob.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An end-to-end test class: tagged {@code e2e} (so {@code mvn verify -DexcludedGroups=e2e} leaves them out), and run
 * only where a Slurm answers (else skipped, or failed under {@code CRJOB_REQUIRE_SLURM=1}) and the packaged crjob
 * is built. Runs before the class's own {@code @BeforeAll} methods.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("e2e")
@ExtendWith(EndToEnd.SlurmUpAndCrjobBuilt.class)
@interface EndToEnd {

    /** The set-up every end-to-end class shares. */
    final class SlurmUpAndCrjobBuilt implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            LocalSlurm.require();
            Crjob.requireBuilt();
        }
    }
}
