"""One persistent bash session in a sandbox, made of one exec per command.

Each command runs in a fresh `bash` (its own exec, so the sandbox's per-command timeout, output cap
and process-group kill apply), which first restores the session state saved by the previous command
and saves it again when it ends: working directory, variables (exported or not), functions, aliases,
shell options and umask. So `cd` and `export` carry over exactly as in one long-lived shell, while a
command that hangs is simply killed and the session goes on from the state before it. No long-lived
process reads our input, so a command that reads stdin, closes its output or runs `exec` cannot
wedge the session. Background jobs still holding the output end with their command (as with a
closed terminal); detached ones (setsid, output redirected) keep running.
"""

from __future__ import annotations

from dataclasses import dataclass

from pytest_quality.sandbox.container import ExecResult, Sandbox

STATE_DIR = "/dev/shm/.pq-shell"  # emptied by Sandbox.reset(), like the rest of the scratch space

# Variables bash maintains itself: restoring them would be wrong or impossible.
_SKIP_VARS = (
    "BASH*|EUID|PPID|UID|SHELLOPTS|SHLVL|RANDOM|SRANDOM|SECONDS|LINENO|FUNCNAME|GROUPS|HISTCMD|"
    "PIPESTATUS|DIRSTACK|EPOCHREALTIME|EPOCHSECONDS|COMP_WORDBREAKS|PWD|_|__pq_*"
)

# Sourced through BASH_ENV by the bash that then runs `eval "$__pq_cmd"` as its one-line `-c`
# string (so error messages say "line 1"). The command arrives in the environment, not in argv,
# so it is not in any process's command line: `pkill -f <word of the command>` must not kill the
# session's own shell. PQ_CAP = output cap in bytes, PQ_MODE = "merge" (stderr into stdout, as on
# a terminal) or "split".
_RC = r"""
__pq_cmd=$PQ_CMD __pq_cap=$PQ_CAP __pq_mode=$PQ_MODE
unset PQ_CMD PQ_CAP PQ_MODE BASH_ENV
__pq_dir=%(dir)s
__pq_filter() {
  # Unbuffered: every chunk is passed on as it arrives (a buffering head would lose it when a
  # background job keeps the pipe open and the filter is killed), then the rest is only counted.
  stdbuf -o0 head -c "$__pq_cap"
  __pq_more=$(wc -c)
  if [ "$__pq_more" -gt 0 ]; then printf '\n[output truncated: %%s more bytes not shown]\n' "$__pq_more"; fi
}
__pq_save() {
  __pq_opts=$(set +o; shopt -p)
  set +o errexit +o nounset +o xtrace +o verbose +o noclobber +o pipefail
  {
    compgen -v | while IFS= read -r __pq_v; do
      case $__pq_v in %(skip)s) ;; *) declare -p "$__pq_v" 2>/dev/null ;; esac
    done
    (unset -f __pq_save __pq_filter __pq_end; declare -f)
    alias -p
    printf '%%s\n' "$__pq_opts"
    printf 'umask %%s\n' "$(umask)"
    printf 'cd -- %%q 2>/dev/null || cd /workspace\n' "$PWD"
  } >| "$__pq_dir/state.new" 2>/dev/null && mv -f "$__pq_dir/state.new" "$__pq_dir/state"
}
__pq_end() {
  __pq_rc=$?
  trap - EXIT
  __pq_save
  # Let the output filters drain (bounded: a background job may still hold the pipe).
  exec >&- 2>&-
  for __pq_i in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 $__pq_pids 2>/dev/null || break
    sleep 0.05
  done
  exit $__pq_rc
}
exec > >(__pq_filter)
__pq_pids=$!
if [ "$__pq_mode" = merge ]; then exec 2>&1; else exec 2> >(__pq_filter >&2); __pq_pids="$__pq_pids $!"; fi
shopt -s expand_aliases
trap __pq_end EXIT
if [ -r "$__pq_dir/state" ]; then . "$__pq_dir/state"; else cd /workspace; fi
""" % {"dir": STATE_DIR, "skip": _SKIP_VARS}

# $1 = the rc text.
_LAUNCH = (
    f'mkdir -p {STATE_DIR} && printf "%s" "$1" >| {STATE_DIR}/rc && '
    f"BASH_ENV={STATE_DIR}/rc exec bash -c 'eval \"$__pq_cmd\"'"
)
MAX_COMMAND = 100_000  # characters; the environment caps one string at 128 KiB


def command_problem(command: str) -> str | None:
    """Why `command` cannot be run at all (the model is told; nothing reaches the sandbox), or None."""
    if len(command) > MAX_COMMAND:
        return f"the command is longer than {MAX_COMMAND} characters"
    if "\x00" in command:
        return "the command contains a NUL byte"
    try:
        command.encode("utf-8")
    except UnicodeEncodeError:
        return "the command is not valid UTF-8 text"
    return None


# What a command sees, besides what it exports itself: no pager, no colour codes.
BASE_ENV = {"HOME": "/tmp", "TERM": "dumb", "PAGER": "cat", "GIT_PAGER": "cat", "LANG": "C.UTF-8"}


@dataclass
class ShellResult:
    exec: ExecResult
    output: str  # decoded stdout (stderr merged into it in "merge" mode)
    errors: str  # decoded stderr ("" in merge mode)

    @property
    def exit_code(self) -> int | None:
        return self.exec.exit_code

    @property
    def timed_out(self) -> bool:
        return self.exec.timed_out


class ShellSession:
    """A bash session in `sandbox`: `run(command)` as if typed at one long-lived prompt."""

    def __init__(self, sandbox: Sandbox, timeout: float = 20, output_cap: int = 16 * 1024, merge: bool = True):
        self.sandbox = sandbox
        self.timeout = timeout
        self.output_cap = output_cap
        self.merge = merge

    def run(self, command: str, timeout: float | None = None) -> ShellResult:
        limit = timeout or self.timeout
        problem = command_problem(command)
        if problem:
            raise ValueError(problem)
        env = {
            **BASE_ENV,
            "PQ_CMD": command,
            "PQ_CAP": str(self.output_cap),
            "PQ_MODE": "merge" if self.merge else "split",
        }
        res = self.sandbox.exec(
            ["bash", "--noprofile", "--norc", "-c", _LAUNCH, "bash", _RC],
            timeout=limit,
            env=env,
            # the in-container filter caps first; this is the backstop
            output_limit=self.output_cap + 4096,
        )
        return ShellResult(res, res.stdout.decode("utf-8", "replace"), res.stderr.decode("utf-8", "replace"))

    def tool_text(self, result: ShellResult) -> str:
        """What the model sees for one `bash` tool call: exit code, then the output."""
        res = result.exec
        if res.timed_out:
            head = (
                f"exit code: {res.exit_code} (killed: the {self.timeout:g} s time limit was reached; "
                "the working directory and variables are as before this command)"
            )
        else:
            head = f"exit code: {res.exit_code}"
        body = result.output + (("\n" + result.errors) if result.errors else "")
        if res.truncated and "[output truncated" not in body:
            body += "\n[output truncated]"
        return f"{head}\n{body.rstrip() if body.strip() else '(no output)'}"
