// The guide's "Campaigns" operations: the campaign state machine of the model, and the
// domain's disposition names.
#include "simulator/operation_table.h"
#include "simulator/soap_codec.h"

namespace five9sim {
namespace {

using CampaignAction = ModelResult<void> (ContactCenter::*)(std::string_view name);

// startCampaign, stopCampaign, forceStopCampaign, resetCampaign: reads campaignName
// (MissedArgumentFault when absent) and runs `action` on it.
template <CampaignAction action>
ModelResult<void> OnNamedCampaign(OperationContext& c) {
  auto name = ReadString(c.payload, "campaignName");
  if (!name) return tl::unexpected(name.error());
  return (c.model.*action)(*name);
}

ModelResult<void> ResetCampaignDispositions(OperationContext& c) {
  auto name = ReadString(c.payload, "campaignName");
  if (!name) return tl::unexpected(name.error());
  std::vector<std::string> dispositions;
  for (five9exp::XmlElement d : c.payload.Children("dispositions"))
    dispositions.push_back(d.Text());
  return c.model.ResetCampaignDispositions(*name, dispositions, c.payload.ChildText("after"),
                                           c.payload.ChildText("before"));
}

ModelResult<void> GetDispositionsNames(OperationContext& c) {
  for (const auto& name : c.model.DispositionNames()) c.out.Element("return", name);
  return {};
}

}  // namespace

void AddCampaignOperations(std::vector<Operation>* operations) {
  operations->insert(
      operations->end(),
      {
          {"startCampaign", SessionNeed::kRequired, OnNamedCampaign<&ContactCenter::StartCampaign>},
          {"stopCampaign", SessionNeed::kRequired, OnNamedCampaign<&ContactCenter::StopCampaign>},
          {"forceStopCampaign", SessionNeed::kRequired,
           OnNamedCampaign<&ContactCenter::ForceStopCampaign>},
          {"resetCampaign", SessionNeed::kRequired, OnNamedCampaign<&ContactCenter::ResetCampaign>},
          {"resetCampaignDispositions", SessionNeed::kRequired, ResetCampaignDispositions},
          {"getDispositionsNames", SessionNeed::kRequired, GetDispositionsNames},
      });
}

}  // namespace five9sim
