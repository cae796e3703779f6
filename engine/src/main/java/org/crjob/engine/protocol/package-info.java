/**
 * The coordinator's wire layer: how commands reach a job's coordinator, and the files through which
 * other processes find it.
 *
 * <p>Over TCP, one JSON object per line, UTF-8, at most {@value Wire#MAX_REQUEST_BYTES} bytes:
 * <pre>
 * request  {"token":"&lt;64 hex&gt;","command":"checkpoint","args":{...}}      args optional
 * reply    {"ok":true,"result":{...}}
 *          {"ok":false,"error":"&lt;one line for a human&gt;","code":"&lt;code&gt;"}
 * </pre>
 * The codes are in {@link ErrorCode}. A connection may carry several requests in turn; each gets
 * exactly one reply, in order.
 *
 * <p>On disk, under {@link JobPaths}: {@code coordinator.json} ({@link StateFile}, 0600, holds the
 * token) and {@code events.jsonl} ({@link EventLog}).
 */
package org.crjob.engine.protocol;

import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.jobfiles.StateFile;
import org.crjob.engine.jobfiles.EventLog;
