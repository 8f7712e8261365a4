/* cc/v4 loops forever, allocating, on a file that ends in an enum */
int x;
enum