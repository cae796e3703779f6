package org.crjob.engine.dmtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.crjob.failure.UnexpectedStateException;
import org.junit.jupiter.api.Test;

/** The image list of DMTCP's restart script; needs no DMTCP. */
class DmtcpRestartScriptTest {

    @Test
    void readsGivenCheckpointFiles() {
        String script = "#!/bin/bash\nusage_str='...'\n"
                + "given_ckpt_files=\" /d/ckpt_sleep_98ff-46000-5057e5c496b.dmtcp /d/ckpt_bash_98ff-40000-5052c94ec3a.dmtcp\"\n"
                + "  for tmp in $given_ckpt_files; do\n";
        assertEquals(List.of(Path.of("/d/ckpt_sleep_98ff-46000-5057e5c496b.dmtcp"),
                Path.of("/d/ckpt_bash_98ff-40000-5052c94ec3a.dmtcp")), DmtcpRestartScript.images(script, "s"));
    }

    @Test
    void refusesScriptsWithoutImages() {
        assertThrows(UnexpectedStateException.class, () -> DmtcpRestartScript.images("#!/bin/bash\n", "s"));
        assertThrows(UnexpectedStateException.class, () -> DmtcpRestartScript.images("given_ckpt_files=\" \"\n", "s"));
    }

    @Test
    void knowsScriptNames() {
        assertTrue(DmtcpRestartScript.isScriptName("dmtcp_restart_script_98ff-40000-5052bcadb13.sh"));
        assertFalse(DmtcpRestartScript.isScriptName("dmtcp_restart_script.sh"));
    }
}
