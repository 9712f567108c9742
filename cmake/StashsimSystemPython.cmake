# STASHSIM_SYSTEM_PYTHON: the Python that runs the test scripts. Debian's python3-kubernetes
# lives in the system interpreter, so /usr/bin/python3 is preferred over one earlier on PATH.
find_program(STASHSIM_SYSTEM_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT STASHSIM_SYSTEM_PYTHON)
  find_program(STASHSIM_SYSTEM_PYTHON python3 REQUIRED)
endif()
