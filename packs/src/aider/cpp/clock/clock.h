#pragma once
#include <string>

namespace clock_time {

class Clock {
public:
    Clock(int hour, int minute);
    Clock plus(int minutes) const;
    Clock minus(int minutes) const;
    std::string str() const;
    bool operator==(const Clock& other) const;
    bool operator!=(const Clock& other) const;

private:
    int minutes_;
};

}  // namespace clock_time
