/* cc/v4 loops forever, allocating, when the tokens end right after enum;
 * through a macro, only the worker's limits stop it */
#define E enum
int x;
E