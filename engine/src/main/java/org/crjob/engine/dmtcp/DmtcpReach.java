package org.crjob.engine.dmtcp;

import java.util.Map;

/**
 * Who can reach the job's DMTCP coordinator. DMTCP's coordinator obeys any client that connects ({@code dmtcp_command
 * -k} from anyone kills the computation) and binds every address; crjob gives it a socket it bound itself (DMTCP takes
 * one from fd 821), on the loopback address when the job has one node, so only processes on that node can reach it.
 * A job of several nodes needs it on every address: DMTCP programs on the other nodes connect to it.
 */
public enum DmtcpReach {
    /** 127.0.0.1 only. */
    THIS_NODE,
    /** Every address of the node. */
    ALL_NODES;

    /** From the job's node count ({@code SLURM_JOB_NUM_NODES}, else {@code SLURM_NNODES}; neither: one node). */
    public static DmtcpReach of(Map<String, String> env) {
        String nodes = env.getOrDefault("SLURM_JOB_NUM_NODES", env.getOrDefault("SLURM_NNODES", "1"));
        return nodes.strip().equals("1") || nodes.isBlank() ? THIS_NODE : ALL_NODES;
    }

    /** The host a DMTCP program of the job names to connect ({@code DMTCP_COORD_HOST}), for a coordinator on {@code node}. */
    public String host(String node) {
        return this == THIS_NODE ? "127.0.0.1" : node;
    }
}
