/* no include guard */
#include "mutual_b.h"
int a;
