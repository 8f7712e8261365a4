int lib_helper(int x) { return x + 1; }
