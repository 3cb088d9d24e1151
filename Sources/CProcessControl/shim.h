// What Swift cannot call directly (prctl is variadic): the publish run's crash isolation needs its
// worker process to die with the supervisor, as a kill -9 of the run would kill a single process.
#include <signal.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
static inline int cb_die_with_parent(int sig) { return prctl(PR_SET_PDEATHSIG, sig); }
#else
static inline int cb_die_with_parent(int sig) { (void)sig; return -1; }
#endif
