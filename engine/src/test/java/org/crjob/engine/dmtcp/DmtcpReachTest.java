package org.crjob.engine.dmtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DmtcpReachTest {

    @Test
    void aJobOfOneNodeKeepsItsDmtcpCoordinatorOnLoopbackAndItsScriptsConnectThere() {
        DmtcpReach reach = DmtcpReach.of(Map.of("SLURM_JOB_NUM_NODES", "1"));

        assertEquals(DmtcpReach.THIS_NODE, reach);
        assertEquals("127.0.0.1", reach.host("nid001234"));
        assertEquals(DmtcpReach.THIS_NODE, DmtcpReach.of(Map.of()), "outside Slurm: this node");
    }

    @Test
    void aJobOfSeveralNodesOpensItToEveryNodeByName() {
        DmtcpReach reach = DmtcpReach.of(Map.of("SLURM_JOB_NUM_NODES", "2"));

        assertEquals(DmtcpReach.ALL_NODES, reach);
        assertEquals("nid001234", reach.host("nid001234"));
        assertEquals(DmtcpReach.ALL_NODES, DmtcpReach.of(Map.of("SLURM_NNODES", "4")), "an older Slurm's variable");
    }
}
