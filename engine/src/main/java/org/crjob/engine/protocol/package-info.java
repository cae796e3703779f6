/**
 * The coordinator's wire layer: how commands reach a job's coordinator.
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
 * <p>The files through which other processes find a coordinator ({@code coordinator.json}, 0600, holds the
 * token) are {@code org.crjob.engine.jobfiles}'; this package knows nothing of them but {@link CoordinatorInfo},
 * what the state file holds.
 */
package org.crjob.engine.protocol;
