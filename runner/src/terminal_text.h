// Text from input files (names, annotation values, messages that quote them) made safe to print
// on a terminal: control characters are shown escaped instead of being sent raw, so a name with
// ESC, BEL or NUL can neither drive the terminal nor forge a line of output.
#pragma once

#include <string>
#include <string_view>

namespace runner {

// `text` with every C0 control (U+0000-U+001F, newline and tab included), DEL and every C1
// control (U+0080-U+009F, as UTF-8) written as "\n", "\t", "\xNN" or "\u00NN"; other bytes,
// including invalid UTF-8, unchanged.
std::string EscapeControlCharacters(std::string_view text);

}  // namespace runner
