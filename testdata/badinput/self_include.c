/* includes itself, with no include guard */
#include "self_include.c"
int x;
