#include "engine/copilot/phrases.hpp"

#include <cmath>

#include "engine/scoring/recommendations.hpp"

namespace aegis::copilot {
namespace {

std::string indonesian_failure_recommendation(double failure_probability, const std::string& failure_type) {
  const std::string mode = failure_type == "No Failure" || failure_type.empty() ? "kegagalan" : failure_type;
  switch (scoring::failure_advice(failure_probability)) {
    case scoring::FailureAdvice::stop_now:
      return "Hentikan mesin dan periksa sekarang: " + mode + " akan segera terjadi.";
    case scoring::FailureAdvice::within_24_hours:
      return "Jadwalkan pemeliharaan dalam 24 jam: risiko " + mode + " tinggi.";
    case scoring::FailureAdvice::next_shift:
      return "Rencanakan inspeksi pada shift berikutnya: risiko " + mode + " meningkat.";
    case scoring::FailureAdvice::keep_monitoring:
      return "Terus pantau: risikonya sedang.";
    case scoring::FailureAdvice::normal_operation:
      break;
  }
  return "Lanjutkan operasi normal.";
}

std::string indonesian_rul_recommendation(double rul_hours) {
  const std::string hours = std::to_string(std::lround(rul_hours));
  switch (scoring::rul_advice(rul_hours)) {
    case scoring::RulAdvice::critical:
      return "Kritis: sisa umur pakai sekitar " + hours + " jam; jadwalkan pemeliharaan sekarang.";
    case scoring::RulAdvice::within_2_days:
      return "Sisa umur pakai sekitar " + hours + " jam; rencanakan pemeliharaan dalam 2 hari.";
    case scoring::RulAdvice::no_action:
      break;
  }
  return "Sisa umur pakai sekitar " + hours + " jam; belum perlu tindakan.";
}

const Phrases kEnglish{
    .capabilities =
        "I can check a unit's failure risk, estimate its remaining useful life, show its status and maintenance "
        "history, schedule maintenance for it, summarise the fleet's risk and show the open maintenance jobs, also "
        "those due this week.",
    .what_would_you_like = " What would you like to know?",
    .unit_name = "unit {unit} (product {product})",
    .failure_probability = "The failure probability of {unit} is {percent}",
    .failure_predicted = " and a failure is predicted ({type}).",
    .no_failure_predicted = "; no failure is predicted.",
    .confident = "The model is confident in this prediction.",
    .fairly_confident = "The model is fairly confident in this prediction.",
    .borderline = "The prediction is borderline, so treat it with caution and check the unit.",
    .remaining_life = "The estimated remaining useful life of {unit} is {hours} hours",
    .remaining_life_critical = ", which is critical.",
    .remaining_life_end = ".",
    .status_heading = "Status of {unit}:",
    .status_failure = " failure probability {percent}",
    .status_failure_predicted = ", a failure is predicted ({type}).",
    .status_no_failure = ", no failure is predicted.",
    .status_rul = " Estimated remaining useful life: {hours} hours.",
    .status_rul_critical = " Estimated remaining useful life: {hours} hours, which is critical.",
    .status_part_failed = " {what} is not available: {error}.",
    .manual_inspection = " Please arrange a manual inspection of the unit.",
    .tool_failed = "I could not get {what} for {unit}: {error}. Please arrange a manual inspection of the unit.",
    .what_failure_prediction = "a failure prediction",
    .what_rul_estimate = "a remaining-life estimate",
    .what_schedule = "a maintenance schedule",
    .what_history = "the maintenance history",
    .nothing_at_risk = "No unit is at risk at the default thresholds, so no maintenance was scheduled.",
    .nothing_scheduled = "No maintenance could be scheduled.",
    .scheduled = "Scheduled maintenance (schedule {id}):",
    .scheduled_job = " unit {unit} (product {product}) from {start} to {end}, risk score {score};",
    .scheduled_stored = " The jobs are stored as PENDING.",
    .not_scheduled = " Not scheduled: unit {unit} (product {product}): {reason}.",
    .no_units_to_schedule = "No unit has reported telemetry yet, so there is nothing to schedule.",
    .schedule_failed =
        "I could not schedule maintenance: {error}. Please arrange a manual inspection of the units at risk.",
    .fleet =
        "Of {total} units, {risky} are at risk, {safe} are not, and {unscored} have not been scored since the "
        "gateway started.",
    .fleet_at_risk = " At risk: unit {unit} (product {product})",
    .fleet_probability = ", failure probability {percent}",
    .fleet_rul = ", RUL {hours} hours",
    .fleet_failed = "I could not read the fleet's risk: {error}.",
    .no_open_jobs = "There are no open maintenance jobs.",
    .open_jobs = "Open maintenance jobs ({count}):",
    .open_job = " unit {unit} (product {product}) {status} from {start};",
    .jobs_failed = "I could not read the maintenance jobs: {error}.",
    .no_jobs_due = "No maintenance job is due within the next {days} days.",
    .jobs_due = "Maintenance due within the next {days} days, overdue jobs included ({count}):",
    .at_risk_unplanned = " At risk without a planned job:",
    .at_risk_unplanned_unit = " unit {unit} (product {product});",
    .no_history = "There are no maintenance jobs on record for {unit}.",
    .history = "Maintenance history of {unit} ({count} of {total} jobs, newest first):",
    .history_job = " {status} from {start} to {end} ({reason})",
    .history_note = ", note: {note}",
    .which_unit = "Which unit do you mean? Please tell me its product id and unit id.",
    .which_product_of_several = "Unit {unit} exists in several products ({list}). Which product do you mean?",
    .which_product = "Which product is unit {unit} part of? Please tell me its product id.",
    .failure_recommendation = scoring::failure_recommendation,
    .rul_recommendation = scoring::rul_recommendation,
};

const Phrases kIndonesian{
    .capabilities =
        "Saya dapat memeriksa risiko kegagalan sebuah unit, memperkirakan sisa umur pakainya, menampilkan status dan "
        "riwayat pemeliharaannya, menjadwalkan pemeliharaan, merangkum risiko seluruh mesin, serta menampilkan pekerjaan "
        "pemeliharaan yang terbuka, termasuk yang jatuh tempo minggu ini.",
    .what_would_you_like = " Apa yang ingin Anda ketahui?",
    .unit_name = "unit {unit} (produk {product})",
    .failure_probability = "Probabilitas kegagalan {unit} adalah {percent}",
    .failure_predicted = " dan kegagalan diprediksi ({type}).",
    .no_failure_predicted = "; tidak ada kegagalan yang diprediksi.",
    .confident = "Model yakin dengan prediksi ini.",
    .fairly_confident = "Model cukup yakin dengan prediksi ini.",
    .borderline = "Prediksi ini berada di ambang batas, jadi tanggapi dengan hati-hati dan periksa unitnya.",
    .remaining_life = "Perkiraan sisa umur pakai {unit} adalah {hours} jam",
    .remaining_life_critical = ", yang berarti kritis.",
    .remaining_life_end = ".",
    .status_heading = "Status {unit}:",
    .status_failure = " probabilitas kegagalan {percent}",
    .status_failure_predicted = ", kegagalan diprediksi ({type}).",
    .status_no_failure = ", tidak ada kegagalan yang diprediksi.",
    .status_rul = " Perkiraan sisa umur pakai: {hours} jam.",
    .status_rul_critical = " Perkiraan sisa umur pakai: {hours} jam, yang berarti kritis.",
    .status_part_failed = " {what} tidak tersedia: {error}.",
    .manual_inspection = " Mohon lakukan inspeksi manual pada unit tersebut.",
    .tool_failed =
        "Saya tidak dapat memperoleh {what} untuk {unit}: {error}. Mohon lakukan inspeksi manual pada unit "
        "tersebut.",
    .what_failure_prediction = "prediksi kegagalan",
    .what_rul_estimate = "perkiraan sisa umur pakai",
    .what_schedule = "jadwal pemeliharaan",
    .what_history = "riwayat pemeliharaan",
    .nothing_at_risk = "Tidak ada unit yang berisiko pada ambang bawaan, jadi tidak ada pemeliharaan yang dijadwalkan.",
    .nothing_scheduled = "Tidak ada pemeliharaan yang dapat dijadwalkan.",
    .scheduled = "Pemeliharaan dijadwalkan (jadwal {id}):",
    .scheduled_job = " unit {unit} (produk {product}) dari {start} sampai {end}, skor risiko {score};",
    .scheduled_stored = " Pekerjaan disimpan dengan status PENDING.",
    .not_scheduled = " Tidak dijadwalkan: unit {unit} (produk {product}): {reason}.",
    .no_units_to_schedule = "Belum ada unit yang mengirim telemetri, jadi tidak ada yang perlu dijadwalkan.",
    .schedule_failed =
        "Saya tidak dapat menjadwalkan pemeliharaan: {error}. Mohon lakukan inspeksi manual pada unit "
        "yang berisiko.",
    .fleet =
        "Dari {total} unit, {risky} berisiko, {safe} tidak berisiko, dan {unscored} belum dinilai sejak gateway "
        "dimulai.",
    .fleet_at_risk = " Berisiko: unit {unit} (produk {product})",
    .fleet_probability = ", probabilitas kegagalan {percent}",
    .fleet_rul = ", sisa umur {hours} jam",
    .fleet_failed = "Saya tidak dapat membaca risiko seluruh mesin: {error}.",
    .no_open_jobs = "Tidak ada pekerjaan pemeliharaan yang terbuka.",
    .open_jobs = "Pekerjaan pemeliharaan terbuka ({count}):",
    .open_job = " unit {unit} (produk {product}) {status} mulai {start};",
    .jobs_failed = "Saya tidak dapat membaca pekerjaan pemeliharaan: {error}.",
    .no_jobs_due = "Tidak ada pekerjaan pemeliharaan yang jatuh tempo dalam {days} hari ke depan.",
    .jobs_due = "Pemeliharaan yang jatuh tempo dalam {days} hari ke depan, termasuk yang terlambat ({count}):",
    .at_risk_unplanned = " Berisiko tanpa pekerjaan terjadwal:",
    .at_risk_unplanned_unit = " unit {unit} (produk {product});",
    .no_history = "Belum ada catatan pekerjaan pemeliharaan untuk {unit}.",
    .history = "Riwayat pemeliharaan {unit} ({count} dari {total} pekerjaan, terbaru dulu):",
    .history_job = " {status} dari {start} sampai {end} ({reason})",
    .history_note = ", catatan: {note}",
    .which_unit = "Unit mana yang Anda maksud? Sebutkan id produk dan id unitnya.",
    .which_product_of_several = "Unit {unit} ada di beberapa produk ({list}). Produk mana yang Anda maksud?",
    .which_product = "Unit {unit} termasuk produk apa? Sebutkan id produknya.",
    .failure_recommendation = indonesian_failure_recommendation,
    .rul_recommendation = indonesian_rul_recommendation,
};

}  // namespace

const Phrases& phrases(Language language) { return language == Language::indonesian ? kIndonesian : kEnglish; }

}  // namespace aegis::copilot
