#include "missing.h"
enum {A};
