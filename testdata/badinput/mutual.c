#include "mutual_a.h"

int c;
