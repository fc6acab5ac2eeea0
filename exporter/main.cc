// five9_exporter: placeholder until the pipeline issue narrates start-up here.
#include <cstdio>
int main() {
  std::puts("five9_exporter " FIVE9_VERSION " (" FIVE9_REVISION ")");
  return 0;
}
