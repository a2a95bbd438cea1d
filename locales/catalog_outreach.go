package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// The outreach log: peers record a shift (/logshift and a button on the
// main menu), see their own totals (/mylog); staff see monthly outreach
// (/outreach). Plain and respectful: "people you met", never "clients" or
// "addicts".
var (
	ButtonLogShift = &i18n.Message{ID: "ButtonLogShift", Description: "Main menu button for peer workers: record an outreach shift", Other: "📝 Log a shift"}
	ShiftPickOrg   = &i18n.Message{ID: "ShiftPickOrg", Description: "Shift log: the peer belongs to several organisations; buttons with their names follow", Other: "Which organisation was this shift for?"}
	ShiftNotPeer   = &i18n.Message{ID: "ShiftNotPeer", Description: "Reply to /logshift from someone who belongs to no organisation", Other: "Logging outreach shifts is for peer workers of an organisation. Ask your organisation for an invite link."}
	ShiftTitle     = &i18n.Message{ID: "ShiftTitle", Description: "Heading of every step of the shift log; HTML", Other: "📝 <b>Log a shift</b>"}

	ShiftAskDate  = &i18n.Message{ID: "ShiftAskDate", Description: "Shift log: choose the day of the shift; HTML", Other: "<b>When was the shift?</b>"}
	ShiftAskDay   = &i18n.Message{ID: "ShiftAskDay", Description: "Shift log: pick one of the earlier days shown on the buttons (day.month); HTML", Other: "<b>Which day?</b>"}
	ShiftAskPlace = &i18n.Message{ID: "ShiftAskPlace", Description: "Shift log: choose a hotspot (📍, a named place of the organisation) or a region (🗺); HTML",
		Other: "<b>Where?</b> Choose one of your organisation's places 📍 or a region 🗺."}
	ShiftAskContacts = &i18n.Message{ID: "ShiftAskContacts", Description: "Shift log: how many people the peer was in contact with. Count is the number so far; HTML",
		Other: "<b>How many people did you meet?</b> Tap a number or type it.\nNow: <b>{{.Count}}</b>"}
	ShiftAskMaterials = &i18n.Message{ID: "ShiftAskMaterials", Description: "Shift log: materials given. List is one line per material with its count; the buttons add or take away. The example must use the word for syringes in this language; HTML",
		Other: "<b>Materials given</b>\n{{.List}}\n\nTap to add, or type a material and a number, for example <i>syringes 20</i>."}
	ShiftAskReferrals = &i18n.Message{ID: "ShiftAskReferrals", Description: "Shift log: referrals made, by need. List is what was chosen so far; HTML",
		Other: "<b>Referrals made</b>\nTap a need once for each person you referred.\nNow: {{.List}}"}
	ShiftAskOverdoses = &i18n.Message{ID: "ShiftAskOverdoses", Description: "Shift log: overdoses responded to (🆘 buttons) and times naloxone was given (💊 buttons); HTML",
		Other: "<b>Overdoses</b>\n🆘 Overdoses you responded to: <b>{{.Overdoses}}</b>\n💊 Times you gave naloxone: <b>{{.Naloxone}}</b>"}
	ShiftAskNote = &i18n.Message{ID: "ShiftAskNote", Description: "Shift log: optional free note, with the warning not to write names. Max is the longest note in characters; HTML",
		Other: "<b>A note?</b> (optional)\nWrite what the numbers cannot say: a strong batch going round, police, what people asked for.\n\n⚠️ <b>No names, nicknames or phone numbers</b>, of anyone. At most {{.Max}} characters.\n\nType the note, or tap Skip."}
	ShiftSummary = &i18n.Message{ID: "ShiftSummary", Description: "Shift log: the summary before saving; the buttons under it change a part (📅 date, 📍 place, 👥 contacts, 📦 materials, 🤝 referrals, 🆘 overdoses, 🗒 note); HTML",
		Other: "📝 <b>Your shift</b>\n📅 {{.Date}}\n📍 {{.Place}}\n👥 People met: {{.Contacts}}\n📦 Materials: {{.Materials}}\n🤝 Referrals: {{.Referrals}}\n🆘 Overdoses responded to: {{.Overdoses}} · 💊 naloxone given: {{.Naloxone}}\n🗒 Note: {{.Note}}\n\nSave it, or tap an icon to change that part."}
	ShiftNone = &i18n.Message{ID: "ShiftNone", Description: "Shift log: shown for an empty part (no materials, no note)", Other: "none"}

	ButtonShiftToday      = &i18n.Message{ID: "ButtonShiftToday", Description: "Shift log: the shift was today", Other: "Today"}
	ButtonShiftYesterday  = &i18n.Message{ID: "ButtonShiftYesterday", Description: "Shift log: the shift was yesterday", Other: "Yesterday"}
	ButtonShiftOtherDay   = &i18n.Message{ID: "ButtonShiftOtherDay", Description: "Shift log: pick an earlier day", Other: "📅 Another day"}
	ButtonShiftNext       = &i18n.Message{ID: "ButtonShiftNext", Description: "Shift log: go to the next step", Other: "Next ›"}
	ButtonShiftSkip       = &i18n.Message{ID: "ButtonShiftSkip", Description: "Shift log: go on without a note", Other: "Skip ›"}
	ButtonShiftRemoveNote = &i18n.Message{ID: "ButtonShiftRemoveNote", Description: "Shift log: delete the note written earlier", Other: "🗑 Remove the note"}
	ButtonShiftClear      = &i18n.Message{ID: "ButtonShiftClear", Description: "Shift log: clear the referrals chosen", Other: "↺ Clear"}
	ButtonShiftSave       = &i18n.Message{ID: "ButtonShiftSave", Description: "Shift log: save the shift", Other: "✅ Save"}
	ButtonShiftCancel     = &i18n.Message{ID: "ButtonShiftCancel", Description: "Shift log: drop the shift without saving", Other: "✖ Cancel"}

	ShiftSaved       = &i18n.Message{ID: "ShiftSaved", Description: "Shift log: the shift was saved; the main menu follows", Other: "✅ Shift saved. Thank you for your work."}
	ShiftCancelled   = &i18n.Message{ID: "ShiftCancelled", Description: "Shift log: the shift was dropped; the main menu follows", Other: "The shift was not saved."}
	ShiftIncomplete  = &i18n.Message{ID: "ShiftIncomplete", Description: "Shift log: saving failed because the date or place is missing or no longer valid; the summary follows", Other: "⚠️ This shift cannot be saved yet: check the date (at most two months ago) and the place."}
	ShiftBadNumber   = &i18n.Message{ID: "ShiftBadNumber", Description: "Shift log: the typed text is not a number. Max is the largest allowed", Other: "Please type a number from 0 to {{.Max}}, or tap one."}
	ShiftBadMaterial = &i18n.Message{ID: "ShiftBadMaterial", Description: "Shift log: the typed text is not a material and a number. The example must use this language's word for syringes",
		Other: "I did not understand that. Type a material and a number, for example <i>syringes 20</i>, or use the buttons."}
	ShiftNotePhone = &i18n.Message{ID: "ShiftNotePhone", Description: "Shift log: the note was refused because it seems to hold a phone number; nothing else was lost",
		Other: "⚠️ The note seems to contain a phone number, so it was not kept. Please leave phone numbers out and type it again, or tap Skip. The rest of your shift is safe."}
	ShiftNoteName = &i18n.Message{ID: "ShiftNoteName", Description: "Shift log: the note was refused because it seems to hold a person's name or username; nothing else was lost",
		Other: "⚠️ The note seems to contain a name or a username, so it was not kept. Please leave names out and type it again, or tap Skip. The rest of your shift is safe."}
	ShiftNoteTooLong = &i18n.Message{ID: "ShiftNoteTooLong", Description: "Shift log: the note is too long. Max is the limit in characters", Other: "The note is too long: please keep it under {{.Max}} characters."}

	MaterialSyringes     = &i18n.Message{ID: "MaterialSyringes", Description: "Material given on outreach; also a word people type (\"syringes 20\")", Other: "Syringes and needles"}
	MaterialFoil         = &i18n.Message{ID: "MaterialFoil", Description: "Material given on outreach: foil for smoking", Other: "Foil"}
	MaterialPipes        = &i18n.Message{ID: "MaterialPipes", Description: "Material given on outreach: pipes for smoking", Other: "Pipes"}
	MaterialNaloxoneKits = &i18n.Message{ID: "MaterialNaloxoneKits", Description: "Material given on outreach", Other: "Naloxone kits"}
	MaterialCondoms      = &i18n.Message{ID: "MaterialCondoms", Description: "Material given on outreach", Other: "Condoms"}
	MaterialTestStrips   = &i18n.Message{ID: "MaterialTestStrips", Description: "Material given on outreach: drug test strips (fentanyl, xylazine...)", Other: "Test strips"}

	OutreachNeedNaloxone     = &i18n.Message{ID: "OutreachNeedNaloxone", Description: "A need someone was referred for; a short button label", Other: "Naloxone"}
	OutreachNeedNSP          = &i18n.Message{ID: "OutreachNeedNSP", Description: "A need someone was referred for; a short button label", Other: "Needle and syringe programme"}
	OutreachNeedOST          = &i18n.Message{ID: "OutreachNeedOST", Description: "A need someone was referred for; a short button label", Other: "Opioid substitution"}
	OutreachNeedDrugChecking = &i18n.Message{ID: "OutreachNeedDrugChecking", Description: "A need someone was referred for; a short button label", Other: "Drug checking"}
	OutreachNeedTesting      = &i18n.Message{ID: "OutreachNeedTesting", Description: "A need someone was referred for; a short button label", Other: "HIV and hepatitis testing and treatment"}
	OutreachNeedDCR          = &i18n.Message{ID: "OutreachNeedDCR", Description: "A need someone was referred for; a short button label", Other: "Drug consumption room"}
	OutreachNeedShelter      = &i18n.Message{ID: "OutreachNeedShelter", Description: "A need someone was referred for; a short button label", Other: "Shelter and housing"}
	OutreachNeedFood         = &i18n.Message{ID: "OutreachNeedFood", Description: "A need someone was referred for; a short button label", Other: "Food"}
	OutreachNeedLegal        = &i18n.Message{ID: "OutreachNeedLegal", Description: "A need someone was referred for; a short button label", Other: "Legal aid"}
	OutreachNeedMentalHealth = &i18n.Message{ID: "OutreachNeedMentalHealth", Description: "A need someone was referred for; a short button label", Other: "Mental health"}
	OutreachNeedTreatment    = &i18n.Message{ID: "OutreachNeedTreatment", Description: "A need someone was referred for; a short button label", Other: "Detox and treatment"}
	OutreachNeedEmergency    = &i18n.Message{ID: "OutreachNeedEmergency", Description: "A need someone was referred for; a short button label", Other: "Emergency"}

	OutreachTally = &i18n.Message{ID: "OutreachTally", Description: "Outreach numbers: shifts, people met, overdoses, naloxone, then Materials and Referrals as lists; HTML",
		Other: "Shifts: <b>{{.Shifts}}</b>\n👥 People met: <b>{{.Contacts}}</b>\n🆘 Overdoses responded to: <b>{{.Overdoses}}</b>\n💊 Naloxone given: <b>{{.Naloxone}}</b>\n📦 Materials: {{.Materials}}\n🤝 Referrals: {{.Referrals}}"}
	MyLog = &i18n.Message{ID: "MyLog", Description: "/mylog: a peer's own outreach totals. Month and All are OutreachTally blocks; HTML",
		Other: "📊 <b>Your outreach</b>\n\n<b>This month</b>\n{{.Month}}\n\n<b>All time</b>\n{{.All}}"}
	MyLogEmpty = &i18n.Message{ID: "MyLogEmpty", Description: "/mylog before any shift was logged", Other: "You have not logged a shift yet. After your next outreach, tap “📝 Log a shift” on the menu."}

	OutreachPickOrg = &i18n.Message{ID: "OutreachPickOrg", Description: "/outreach: the staff member belongs to several organisations; buttons follow", Other: "Which organisation's outreach do you want to see?"}
	OutreachMonth   = &i18n.Message{ID: "OutreachMonth", Description: "/outreach: an organisation's month. Org is its name, Month is YYYY-MM, Total an OutreachTally block, Places one line per place; HTML",
		Other: "📊 <b>Outreach of {{.Org}}, {{.Month}}</b>\n\n{{.Total}}\n\n<b>By place</b>\n{{.Places}}"}
	OutreachMonthEmpty  = &i18n.Message{ID: "OutreachMonthEmpty", Description: "/outreach: a month without shifts. Org is the name, Month YYYY-MM; HTML", Other: "📊 <b>Outreach of {{.Org}}, {{.Month}}</b>\n\nNo shifts were logged this month."}
	OutreachPlaceLine   = &i18n.Message{ID: "OutreachPlaceLine", Description: "/outreach: one place's line. Place is a hotspot or region; HTML", Other: "📍 {{.Place}}: shifts {{.Shifts}} · people met {{.Contacts}}"}
	OutreachChartTitle  = &i18n.Message{ID: "OutreachChartTitle", Description: "Title of the chart of materials given by place; also its caption in the chat. Org is the name, Month YYYY-MM", Other: "Materials given · {{.Org}} · {{.Month}}"}
	OutreachOtherPlaces = &i18n.Message{ID: "OutreachOtherPlaces", Description: "In the outreach chart: every place beyond the busiest four, summed", Other: "other places"}

	ButtonHotspots   = &i18n.Message{ID: "ButtonHotspots", Description: "/outreach: staff see and add the organisation's named places (hotspots)", Other: "📍 Places"}
	ButtonAddHotspot = &i18n.Message{ID: "ButtonAddHotspot", Description: "Staff add a named place where peers work", Other: "➕ Add a place"}
	HotspotsList     = &i18n.Message{ID: "HotspotsList", Description: "The organisation's named places. Org is its name, List one place a line (or none); HTML",
		Other: "📍 <b>Places of {{.Org}}</b>\n{{.List}}\n\nPeers choose one of them when they log a shift."}
	HotspotAsk = &i18n.Message{ID: "HotspotAsk", Description: "Staff are asked to type a new place's name. Max is the limit in characters; HTML",
		Other: "Type the name of the place: a square, a street, a station. <b>Never a person's name.</b> At most {{.Max}} characters."}
	HotspotAdded   = &i18n.Message{ID: "HotspotAdded", Description: "A place was added. Label is its name; HTML", Other: "✅ Added: {{.Label}}"}
	HotspotTaken   = &i18n.Message{ID: "HotspotTaken", Description: "The organisation has a place with that name already", Other: "There is a place with that name already. Type another name."}
	HotspotInvalid = &i18n.Message{ID: "HotspotInvalid", Description: "A place's name cannot be used. Max is the limit in characters", Other: "That name cannot be used: one line, at most {{.Max}} characters, and no phone numbers. Type another name."}

	ForgetItemOutreach = &i18n.Message{ID: "ForgetItemOutreach", Description: "An item of the list of what /forget deleted: the shifts stay with the organisation, without the person or their notes",
		One:   "{{.Count}} outreach shift you logged: unlinked from you and its note deleted (your organisation keeps the numbers)",
		Other: "{{.Count}} outreach shifts you logged: unlinked from you and their notes deleted (your organisation keeps the numbers)"}
)
