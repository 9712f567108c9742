// Deliberately not formatted: the check-format ctest proves the check rejects it.
int  main( ) {return 0 ;}
