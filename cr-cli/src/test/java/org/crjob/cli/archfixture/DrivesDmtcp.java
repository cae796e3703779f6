package org.crjob.cli.archfixture;

import org.crjob.engine.dmtcp.DmtcpInstallation;

/** Breaks the entry-point rule: a command that finds DMTCP's programs itself instead of going through Engines. */
public final class DrivesDmtcp {
    public DmtcpInstallation dmtcp() {
        return DmtcpInstallation.find();
    }
}
