// Placeholder: the reminders helper owns this file (the push handlers); sw.js imports it.
