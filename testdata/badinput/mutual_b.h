/* no include guard */
#include "mutual_a.h"
int b;
