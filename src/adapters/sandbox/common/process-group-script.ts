/**
 * Shell scripts the container adapters (Docker, Daytona) run inside a sandbox to make timeouts and aborts kill
 * a command's whole process tree. Both engines start an exec as a process-group leader (Docker: a fresh session;
 * Daytona's daemon: Setpgid), so the wrapper's `$$` is the group id. It records it in a pidfile, runs the
 * command, then kills whatever the command left running in the group, so nothing outlives its command (same
 * rule as the local adapter). A second exec runs KILL_SCRIPT to kill the group on timeout/abort.
 * Neither script contains a single quote, so they can travel inside '…' through Daytona's command parser.
 */

export const RUNNER_STATE_DIR = '/tmp/.agent-runner';
export const ACTIVITY_FILE = `${RUNNER_STATE_DIR}/activity`;

const LEFTOVER_KILLER = `rc=$?
for d in /proc/[0-9]*; do
  p=\${d#/proc/}
  [ "$p" = "$$" ] && continue
  s=$(cat "$d/stat" 2>/dev/null) || continue
  s=\${s##*) }
  set -- $s
  [ "$3" = "$$" ] && kill -9 "$p" 2>/dev/null
done
rm -f "$pidfile"
exit $rc`;

/**
 * `sh -c WRAPPER name <pidfile> <command> [args…]`. With `base64Command` the command argument is base64 (for
 * transports that only take a command line), otherwise it is the command text itself (argv transports).
 */
export function processGroupWrapper(base64Command: boolean): string {
  const readCommand = base64Command ? 'cmd=$(printf %s "$2" | base64 -d)' : 'cmd=$2';
  return `pidfile=$1; ${readCommand}; shift 2
mkdir -p ${RUNNER_STATE_DIR} 2>/dev/null
echo $$ > "$pidfile" 2>/dev/null
: > ${ACTIVITY_FILE} 2>/dev/null
if [ -x /bin/bash ]; then /bin/bash -c "$cmd" agent-runner-cmd "$@" </dev/null; else /bin/sh -c "$cmd" agent-runner-cmd "$@" </dev/null; fi
${LEFTOVER_KILLER}`;
}

/** `sh -c KILL_SCRIPT name <pidfile>`: kills the recorded group, waiting briefly for the pidfile to appear. */
export const KILL_SCRIPT = `f=$1; i=0
while [ ! -s "$f" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
pg=$(cat "$f" 2>/dev/null)
[ -n "$pg" ] && kill -9 -"$pg" 2>/dev/null
rm -f "$f"
exit 0`;

export function newPidFile(id: string): string {
  return `${RUNNER_STATE_DIR}/${id}.pid`;
}
