#include <cstdio>
int main() { std::puts("aegisd"); return 0; }
