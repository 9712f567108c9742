// Parser for envsubst templates; see envsubst_parse.h.
//
// Upstream (gomodules.xyz/envsubst v0.1.0, parse/parse.go and parse/scan.go) scans with a mode
// (which tokens may start here) and an accept function (which runes extend a text token); the
// accept function sees each rune with its byte offset from the token start, so operators such as
// "##" or ":=" are recognised by offset. This file keeps those decisions; the structure is ours.
#include "envsubst_parse.h"

#include <optional>
#include <utility>

#include "go_unicode.h"

namespace reference::internal {
namespace {

// ---- Scanner -------------------------------------------------------------------------------

// The only bytes that can end or change a run of literal text.
bool IsSpecialTextByte(char c) { return c == '$' || c == '\\' || c == '\0'; }

enum ScanMode : unsigned {
  kScanText = 1,              // a text token
  kScanOpen = 2,              // "${" (also ends a text token)
  kScanClose = 4,             // "}"
  kScanDollarEscape = 8,      // "$$" is a literal "$"
  kScanBackslashEscape = 16,  // "\\" and "\/" are a literal "\" and "/"
};
constexpr unsigned kScanEscapes = kScanDollarEscape | kScanBackslashEscape;

enum class Token { kIllegal, kEnd, kText, kOpen, kClose };

// Whether `rune` extends a text token; `offset` is the byte offset just past `rune` from the token
// start (escape characters dropped), i.e. 1 for a first ASCII rune.
using AcceptFn = bool (*)(char32_t rune, size_t offset);

bool AcceptAny(char32_t, size_t) { return true; }
bool AcceptIdentRune(char32_t r, size_t) { return r == '_' || IsLetterOrDigit(r); }
bool AcceptOneHash(char32_t r, size_t offset) { return r == '#' && offset == 1; }
bool AcceptHashOp(char32_t r, size_t offset) { return r == '#' && offset < 3; }
bool AcceptPercentOp(char32_t r, size_t offset) { return r == '%' && offset < 3; }
bool AcceptCaseOp(char32_t r, size_t offset) { return (r == ',' || r == '^') && offset < 3; }
bool AcceptOneEqual(char32_t r, size_t offset) { return r == '=' && offset == 1; }
bool AcceptOneColon(char32_t r, size_t offset) { return r == ':' && offset == 1; }
bool AcceptColon(char32_t r, size_t) { return r == ':'; }
bool AcceptSlash(char32_t r, size_t) { return r == '/'; }
bool AcceptNotSlash(char32_t r, size_t) { return r != '/'; }
bool AcceptNotClose(char32_t r, size_t) { return r != '}'; }
bool AcceptNotColonOrClose(char32_t r, size_t) { return r != ':' && r != '}'; }

bool AcceptDefaultOp(char32_t r, size_t offset) {
  if (offset == 1) return r == ':';
  return offset == 2 && (r == '=' || r == '-' || r == '?' || r == '+');
}

bool AcceptReplaceOp(char32_t r, size_t offset) {
  if (offset == 1) return r == '/';
  return offset == 2 && (r == '/' || r == '#' || r == '%');
}

class Scanner {
 public:
  explicit Scanner(std::string_view input) : input_(input) {}

  // Reads the next token at the current position. Upstream reads a NUL byte as its end-of-input
  // marker, so a NUL ends the input here too (the rest is ignored).
  Token Scan(unsigned mode, AcceptFn accept) {
    text_.clear();
    start_ = pos_;
    dropped_ = 0;
    if (RuneAt(pos_).rune == 0) return Token::kEnd;
    if ((mode & kScanOpen) && OpensSubstitution(pos_)) {
      pos_ += 2;
      return Token::kOpen;
    }
    if ((mode & kScanClose) && input_[pos_] == '}') {
      pos_ += 1;
      return Token::kClose;
    }
    if ((mode & kScanText) && ScanText(mode, accept)) return Token::kText;
    return Token::kIllegal;
  }

  std::string TakeText() { return std::move(text_); }

  // The rune at the current position; 0 at the end of the input.
  char32_t Peek() const { return RuneAt(pos_).rune; }
  // The rune after the (single-byte) rune at the current position.
  DecodedRune PeekSecond() const { return RuneAt(pos_ + 1); }

 private:
  DecodedRune RuneAt(size_t pos) const {
    if (pos >= input_.size()) return {0, 0};
    return DecodeRune(input_.substr(pos));
  }

  bool OpensSubstitution(size_t pos) const {
    return input_[pos] == '$' && pos + 1 < input_.size() && input_[pos + 1] == '{';
  }

  // Whether an escape pair ("$$", "\\", "\/") starts at `pos`: its first byte is dropped.
  bool EscapeAt(size_t pos, unsigned mode) const {
    if (pos + 1 >= input_.size()) return false;
    char first = input_[pos];
    char second = input_[pos + 1];
    if ((mode & kScanDollarEscape) && first == '$' && second == '$') return true;
    return (mode & kScanBackslashEscape) && first == '\\' && (second == '\\' || second == '/');
  }

  bool ScanText(unsigned mode, AcceptFn accept) {
    run_start_ = pos_;
    if (!TakeRune(mode, accept)) return false;
    while (true) {
      if (accept == AcceptAny) SkipPlainBytes();
      if (RuneAt(pos_).rune == 0) break;
      if ((mode & kScanOpen) && OpensSubstitution(pos_)) break;
      if (!TakeRune(mode, accept)) break;
    }
    text_.append(input_.substr(run_start_, pos_ - run_start_));
    return true;
  }

  // Fast path for AcceptAny: bytes other than '$', '\' and NUL are always part of the text.
  void SkipPlainBytes() {
    while (pos_ < input_.size() && !IsSpecialTextByte(input_[pos_])) ++pos_;
  }

  // Takes one escaped pair or one accepted rune into the current text run.
  bool TakeRune(unsigned mode, AcceptFn accept) {
    if (EscapeAt(pos_, mode)) {
      text_.append(input_.substr(run_start_, pos_ - run_start_));
      ++dropped_;
      pos_ += 1;  // the kept byte starts the next run; it is not checked by `accept`
      run_start_ = pos_;
      pos_ += 1;
      return true;
    }
    DecodedRune rune = RuneAt(pos_);
    if (!accept(rune.rune, pos_ + rune.width - start_ - dropped_)) return false;
    pos_ += rune.width;
    return true;
  }

  std::string_view input_;
  size_t pos_ = 0;
  size_t start_ = 0;      // where the current token starts
  size_t run_start_ = 0;  // start of the not yet copied part of the current text token
  size_t dropped_ = 0;    // escape bytes dropped from the current token
  std::string text_;
};

// ---- Parser --------------------------------------------------------------------------------

kube::Status BadSubstitution() {
  return kube::Status(kube::StatusReason::kBadRequest, "bad substitution");
}

SubstNode TextNode(std::string text) {
  SubstNode node;
  node.text = std::move(text);
  return node;
}

SubstNode FuncNode(std::string name, SubstOp op) {
  SubstNode node;
  node.is_substitution = true;
  node.text = std::move(name);
  node.op = op;
  return node;
}

std::optional<SubstOp> OpFromText(std::string_view op) {
  static constexpr std::pair<std::string_view, SubstOp> kOps[] = {
      {"^", SubstOp::kUpperFirst},
      {"^^", SubstOp::kUpperAll},
      {",", SubstOp::kLowerFirst},
      {",,", SubstOp::kLowerAll},
      {",^", SubstOp::kMixedCase},
      {"^,", SubstOp::kMixedCase},
      {":", SubstOp::kSubstring},
      {"#", SubstOp::kRemoveShortestPrefix},
      {"##", SubstOp::kRemoveLongestPrefix},
      {"%", SubstOp::kRemoveShortestSuffix},
      {"%%", SubstOp::kRemoveLongestSuffix},
      {"/", SubstOp::kReplaceFirst},
      {"//", SubstOp::kReplaceAll},
      {"/#", SubstOp::kReplacePrefix},
      {"/%", SubstOp::kReplaceSuffix},
      {"=", SubstOp::kDefault},
      {":=", SubstOp::kDefault},
      {":-", SubstOp::kDefault},
      {":?", SubstOp::kNonEmptyOr},
      {":+", SubstOp::kNonEmptyOr},
  };
  for (const auto& [text, value] : kOps) {
    if (text == op) return value;
  }
  return std::nullopt;
}

class Parser {
 public:
  Parser(std::string_view input, const ParseOptions& options)
      : scanner_(input), options_(options) {}

  kube::StatusOr<std::vector<SubstNode>> ParseAll() {
    unsigned mode = kScanText | kScanOpen | kScanDollarEscape;
    if (options_.unescape_backslashes_in_text) mode |= kScanBackslashEscape;
    std::vector<SubstNode> nodes;
    while (true) {
      Token token = scanner_.Scan(mode, AcceptAny);
      if (token == Token::kEnd) return nodes;
      if (token == Token::kText) {
        nodes.push_back(TextNode(scanner_.TakeText()));
        continue;
      }
      std::optional<SubstNode> func;
      if (token == Token::kOpen) func = ParseSubstitution();
      if (!func) return Error();
      nodes.push_back(std::move(*func));
    }
  }

 private:
  using MaybeNode = std::optional<SubstNode>;

  kube::Status Error() const {
    if (!too_deep_) return BadSubstitution();
    return kube::Status(kube::StatusReason::kBadRequest,
                        "bad substitution: ${...} nested more than " +
                            std::to_string(kMaxSubstitutionDepth) + " levels deep");
  }

  // Parses what follows "${".
  MaybeNode ParseSubstitution() {
    if (depth_ == kMaxSubstitutionDepth) {
      too_deep_ = true;
      return std::nullopt;
    }
    ++depth_;
    MaybeNode node = ParseSubstitutionBody();
    --depth_;
    return node;
  }

  MaybeNode ParseSubstitutionBody() {
    if (scanner_.Peek() == '#') return ParseLength();
    if (scanner_.Scan(kScanText, AcceptIdentRune) != Token::kText) return std::nullopt;
    std::string name = scanner_.TakeText();
    switch (scanner_.Peek()) {
      case ':':
        return ParseDefaultOrSubstring(std::move(name));
      case '=':
        return ParseDefault(std::move(name));
      case ',':
      case '^':
        return ParseCase(std::move(name));
      case '/':
        return ParseReplace(std::move(name));
      case '#':
        return ParseRemove(std::move(name), AcceptHashOp);
      case '%':
        return ParseRemove(std::move(name), AcceptPercentOp);
      default:
        if (!ConsumeClose()) return std::nullopt;
        return FuncNode(std::move(name), SubstOp::kValue);
    }
  }

  // An argument: one nested substitution, or one run of text accepted by `accept`. A text run
  // stops before "${", so text followed by a substitution is not one argument (upstream then
  // fails on the "${" where it expects a delimiter or "}").
  bool ParseArgument(AcceptFn accept, unsigned mode, SubstNode& func) {
    Token token = scanner_.Scan(mode | kScanOpen, accept);
    MaybeNode arg;
    if (token == Token::kOpen) arg = ParseSubstitution();
    if (token == Token::kText) arg = TextNode(scanner_.TakeText());
    if (!arg) return false;
    func.args.push_back(std::move(*arg));
    return true;
  }

  // Scans an operator token with `accept` and starts a substitution node for it.
  MaybeNode StartOp(std::string name, AcceptFn accept) {
    if (scanner_.Scan(kScanText, accept) != Token::kText) return std::nullopt;
    std::optional<SubstOp> op = OpFromText(scanner_.TakeText());
    if (!op) return std::nullopt;
    return FuncNode(std::move(name), *op);
  }

  bool ConsumeClose() { return scanner_.Scan(kScanClose, AcceptAny) == Token::kClose; }

  MaybeNode Finish(MaybeNode node) {
    if (!node || !ConsumeClose()) return std::nullopt;
    return node;
  }

  // ${#VAR}
  MaybeNode ParseLength() {
    if (scanner_.Scan(kScanText, AcceptOneHash) != Token::kText) return std::nullopt;
    if (scanner_.Scan(kScanText, AcceptIdentRune) != Token::kText) return std::nullopt;
    return Finish(FuncNode(scanner_.TakeText(), SubstOp::kLength));
  }

  // ':' starts a default (":=", ":-", ":?", ":+") or a substring. Upstream decides by reading the
  // ':' then peeking, and then steps back by the width of the *peeked* rune; when that rune is
  // multi-byte it lands inside the name, where no ':' can be, so such input is always a
  // bad substitution.
  MaybeNode ParseDefaultOrSubstring(std::string name) {
    DecodedRune after_colon = scanner_.PeekSecond();
    char32_t r = after_colon.rune;
    if (r == '=' || r == '-' || r == '?' || r == '+') return ParseDefault(std::move(name));
    if (after_colon.width > 1) return std::nullopt;
    return ParseSubstring(std::move(name));
  }

  // ${VAR:pos} and ${VAR:pos:len}. Position and length are one text run or one substitution;
  // the delimiter may be several colons.
  MaybeNode ParseSubstring(std::string name) {
    MaybeNode node = StartOp(std::move(name), AcceptOneColon);
    if (!node || !ParseArgument(AcceptNotColonOrClose, kScanText, *node)) return std::nullopt;
    Token token = scanner_.Scan(kScanText | kScanClose, AcceptColon);
    if (token == Token::kClose) return node;
    if (token != Token::kText) return std::nullopt;
    if (!ParseArgument(AcceptNotClose, kScanText, *node)) return std::nullopt;
    return Finish(std::move(node));
  }

  // ${VAR#p}, ${VAR##p}, ${VAR%p}, ${VAR%%p}: the pattern runs to the first '}'.
  MaybeNode ParseRemove(std::string name, AcceptFn accept_op) {
    MaybeNode node = StartOp(std::move(name), accept_op);
    if (!node || !ParseArgument(AcceptNotClose, kScanText, *node)) return std::nullopt;
    return Finish(std::move(node));
  }

  // ${VAR/a/b}, ${VAR//a/b}, ${VAR/#a/b}, ${VAR/%a/b}. The pattern runs to the next '/' (a '}'
  // does not end it) and must not be empty; escapes "\/", "\\", "$$" apply in both arguments;
  // the delimiter may be several slashes; an empty replacement is allowed (then there is no second
  // argument).
  MaybeNode ParseReplace(std::string name) {
    MaybeNode node = StartOp(std::move(name), AcceptReplaceOp);
    if (!node || !ParseArgument(AcceptNotSlash, kScanText | kScanEscapes, *node)) {
      return std::nullopt;
    }
    if (scanner_.Scan(kScanText, AcceptSlash) != Token::kText) return std::nullopt;
    if (scanner_.Peek() == '}') return Finish(std::move(node));
    if (!ParseArgument(AcceptNotClose, kScanText | kScanEscapes, *node)) return std::nullopt;
    return Finish(std::move(node));
  }

  // ${VAR=d}, ${VAR:=d}, ${VAR:-d}, ${VAR:?x}, ${VAR:+x}: at most one argument (v0.1.0 has no
  // "text${NESTED}text" defaults); it may be empty.
  MaybeNode ParseDefault(std::string name) {
    AcceptFn accept_op = scanner_.Peek() == '=' ? AcceptOneEqual : AcceptDefaultOp;
    MaybeNode node = StartOp(std::move(name), accept_op);
    if (!node) return std::nullopt;
    if (scanner_.Peek() == '}') return Finish(std::move(node));
    if (!ParseArgument(AcceptNotClose, kScanText, *node)) return std::nullopt;
    return Finish(std::move(node));
  }

  // ${VAR^}, ${VAR^^}, ${VAR,}, ${VAR,,} (and the mixed ",^", "^,").
  MaybeNode ParseCase(std::string name) { return Finish(StartOp(std::move(name), AcceptCaseOp)); }

  Scanner scanner_;
  const ParseOptions& options_;
  int depth_ = 0;
  bool too_deep_ = false;
};

}  // namespace

kube::StatusOr<std::vector<SubstNode>> ParseTemplate(std::string_view text,
                                                     const ParseOptions& options) {
  return Parser(text, options).ParseAll();
}

}  // namespace reference::internal
