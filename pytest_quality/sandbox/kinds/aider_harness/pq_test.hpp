// Minimal test harness: TEST_CASE, CHECK, CHECK_EQ, CHECK_NEAR, CHECK_THROWS. Defines main(), which writes one
// JSON record per test to fd 3 (read by the supervisor), then {"end": true}. Nothing printed on stdout counts.
#pragma once
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <unistd.h>
#include <utility>
#include <vector>

namespace pq {
struct Failure { std::string message; };
struct Case { const char* name; void (*fn)(); };
inline std::vector<Case>& cases() { static std::vector<Case> all; return all; }
struct Register { Register(const char* name, void (*fn)()) { cases().push_back({name, fn}); } };

template <typename T, typename = void> struct Streamable : std::false_type {};
template <typename T> struct Streamable<T, std::void_t<decltype(std::declval<std::ostream&>() << std::declval<const T&>())>>
    : std::true_type {};
template <typename T, typename = void> struct Iterable : std::false_type {};
template <typename T> struct Iterable<T, std::void_t<decltype(std::begin(std::declval<const T&>()))>> : std::true_type {};
template <typename T> struct IsPair : std::false_type {};
template <typename A, typename B> struct IsPair<std::pair<A, B>> : std::true_type {};
template <typename T> struct IsOptional : std::false_type {};
template <typename A> struct IsOptional<std::optional<A>> : std::true_type {};

template <typename T> std::string show(const T& v) {
    std::ostringstream os;
    if constexpr (std::is_same_v<T, std::string>) os << '"' << v << '"';
    else if constexpr (std::is_same_v<T, char>) os << '\'' << v << '\'';
    else if constexpr (std::is_same_v<T, bool>) os << (v ? "true" : "false");
    else if constexpr (IsPair<T>::value) os << "(" << show(v.first) << ", " << show(v.second) << ")";
    else if constexpr (IsOptional<T>::value) { if (v) os << show(*v); else os << "nullopt"; }
    else if constexpr (std::is_enum_v<T>) os << static_cast<long long>(v);
    else if constexpr (Streamable<T>::value) os << v;
    else if constexpr (Iterable<T>::value) {
        os << "{";
        bool first = true;
        for (const auto& x : v) { os << (first ? "" : ", ") << show(x); first = false; }
        os << "}";
    } else os << "<value>";
    return os.str();
}
// Compared here, where only the declarations above are visible: an operator== for standard types that a
// header of the reply declares later is not found (argument-dependent lookup still finds the reply's own
// types' operators, as the tests intend).
template <typename A, typename E> bool equal(const A& a, const E& e) { return a == e; }
inline std::string json(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
        else if (c < 0x20) { char buf[8]; std::snprintf(buf, sizeof buf, "\\u%04x", c); out += buf; }
        else out += static_cast<char>(c);
    }
    return out + "\"";
}
inline void emit(const std::string& line) {
    std::string text = line + "\n";
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(3, text.data() + done, text.size() - done);
        if (n <= 0) std::_Exit(3);
        done += static_cast<size_t>(n);
    }
}
inline std::string where(const char* file, int line) { return std::string(file) + ":" + std::to_string(line) + ": "; }
}  // namespace pq

#define TEST_CASE(name) \
    static void name(); \
    static ::pq::Register pq_register_##name(#name, &name); \
    static void name()
#define CHECK(cond) \
    do { if (!(cond)) throw ::pq::Failure{::pq::where(__FILE__, __LINE__) + "CHECK(" #cond ") failed"}; } while (0)
#define CHECK_EQ(actual, expected) \
    do { \
        const auto& pq_a = (actual); const auto& pq_e = (expected); \
        if (!::pq::equal(pq_a, pq_e)) throw ::pq::Failure{::pq::where(__FILE__, __LINE__) + #actual " == " #expected \
            ": got " + ::pq::show(pq_a) + ", expected " + ::pq::show(pq_e)}; \
    } while (0)
#define CHECK_NEAR(actual, expected, eps) \
    do { \
        double pq_a = (actual), pq_e = (expected); \
        if (!(std::fabs(pq_a - pq_e) <= (eps))) throw ::pq::Failure{::pq::where(__FILE__, __LINE__) + #actual \
            ": got " + ::pq::show(pq_a) + ", expected " + ::pq::show(pq_e)}; \
    } while (0)
#define CHECK_THROWS(expr, type) \
    do { \
        bool pq_thrown = false; \
        try { (void)(expr); } catch (const type&) { pq_thrown = true; } \
        if (!pq_thrown) throw ::pq::Failure{::pq::where(__FILE__, __LINE__) + "expected " #type " from " #expr}; \
    } while (0)

int main() {
    int failed = 0;
    for (const auto& c : ::pq::cases()) {
        std::string problem;
        bool ok = false;
        try { c.fn(); ok = true; } catch (const ::pq::Failure& f) { problem = f.message; }
        catch (const std::exception& e) { problem = std::string("threw an exception: ") + e.what(); }
        catch (...) { problem = "threw a non-standard exception"; }
        if (!ok) ++failed;
        if (problem.size() > 1000) problem = problem.substr(0, 1000);
        ::pq::emit(std::string("{\"test\": ") + ::pq::json(c.name) + ", \"ok\": " + (ok ? "true" : "false") +
                   ", \"reason\": " + ::pq::json(problem) + "}");
    }
    std::cout.flush();
    ::pq::emit("{\"end\": true}");
    return failed ? 1 : 0;
}
