#include "engine/planning/maintenance_actions.hpp"

namespace aegis::planning {

std::vector<std::string> maintenance_actions(const std::string& failure_type, double failure_probability) {
  std::vector<std::string> actions;
  if (failure_probability > kUrgentProbability) {
    actions.push_back("URGENT: stop the machine until the job is done if it can be stopped safely");
  }
  if (failure_type == "Heat Dissipation Failure") {
    actions.insert(actions.end(), {"Clean the cooling fins and filters; check the fans and the air flow",
                                   "Check that process and air temperatures are at least 8.6 K apart after the job"});
  } else if (failure_type == "Power Failure") {
    actions.insert(actions.end(), {"Inspect the spindle drive and motor",
                                   "Check the power supply, cabling and connections"});
  } else if (failure_type == "Overstrain Failure") {
    actions.insert(actions.end(), {"Reduce the load: lower torque or feed for the current tool",
                                   "Inspect the tool and replace it if worn"});
  } else if (failure_type == "Tool Wear Failure") {
    actions.insert(actions.end(), {"Replace the tool", "Reset the tool-wear counter"});
  } else {
    actions.insert(actions.end(), {"Inspect the unit: drive, cooling, tool and sensors",
                                   "Compare the sensor readings with those after the last maintenance"});
  }
  return actions;
}

}  // namespace aegis::planning
