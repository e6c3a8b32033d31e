/** Exit codes shared by every CLI command. */
export const EXIT_OK = 0;
/** The command ran but some objects or checks failed. */
export const EXIT_FAILURES = 1;
/** The input (arguments, files, expressions, configuration) was invalid; nothing was done. */
export const EXIT_BAD_INPUT = 2;
