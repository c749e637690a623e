#include "clock.h"

#include <cstdio>

namespace clock_time {

namespace {
constexpr long kDay = 24 * 60;

int normalise(long minutes) { return static_cast<int>(((minutes % kDay) + kDay) % kDay); }
}  // namespace

Clock::Clock(int hour, int minute) : minutes_(normalise(static_cast<long>(hour) * 60 + minute)) {}

Clock Clock::plus(int minutes) const { return Clock(0, normalise(static_cast<long>(minutes_) + minutes)); }

Clock Clock::minus(int minutes) const { return Clock(0, normalise(static_cast<long>(minutes_) - minutes)); }

std::string Clock::str() const {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes_ / 60, minutes_ % 60);
    return buf;
}

bool Clock::operator==(const Clock& other) const { return minutes_ == other.minutes_; }

bool Clock::operator!=(const Clock& other) const { return !(*this == other); }

}  // namespace clock_time
