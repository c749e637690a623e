/* Preloaded into the node process that runs the hidden JavaScript tests: before node's main() runs, mark the
 * process non-dumpable, so processes of the same uid (the reply's) cannot read or write its memory or fds. */
#include <sys/prctl.h>

__attribute__((constructor)) static void pq_nodump(void) { prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }
