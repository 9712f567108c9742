// A header that threads a test hook through its API: check_no_test_hooks.cmake must reject it.
#pragma once

struct MutantSet;
int Compute(int input, const MutantSet& mutants);
