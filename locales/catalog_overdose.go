package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// The overdose guide: one screen per step, reachable with /overdose and a
// button on the main menu and the language picker, before consent too.
// Written to WHO and UNODC guidance on opioid overdose ("Community
// management of opioid overdose", 2014; "Opioid overdose: preventing and
// reducing opioid overdose mortality", UNODC/WHO 2013). Each step must fit
// one phone screen; every language must say everything English says.
var (
	ButtonOverdose      = &i18n.Message{ID: "ButtonOverdose", Description: "Button on the main menu and the first screen; opens the overdose guide. Short, urgent, calm", Other: "🆘 Overdose? Act now"}
	CmdOverdose         = &i18n.Message{ID: "CmdOverdose", Description: "Command menu entry for /overdose, at most 256 characters", Other: "Overdose: what to do, step by step"}
	ButtonOverdoseNext  = &i18n.Message{ID: "ButtonOverdoseNext", Description: "Overdose guide: next step", Other: "Next ›"}
	ButtonOverdoseBack  = &i18n.Message{ID: "ButtonOverdoseBack", Description: "Overdose guide: previous step", Other: "‹ Back"}
	ButtonOverdoseNoNal = &i18n.Message{ID: "ButtonOverdoseNoNal", Description: "Overdose guide: jump to what to do without naloxone", Other: "No naloxone?"}
	ButtonOverdoseAgain = &i18n.Message{ID: "ButtonOverdoseAgain", Description: "Overdose guide: back to the first step", Other: "↺ From the start"}

	OverdoseCheck = &i18n.Message{ID: "OverdoseCheck", Description: "Overdose guide, step 1 of 8; HTML", Other: "🆘 <b>Overdose: what to do</b>\nStay calm and go step by step.\n\n" +
		"<b>1. Do they respond? Are they breathing normally?</b>\n" +
		"• Shout their name and shake their shoulders firmly.\n" +
		"• Look, listen and feel for breathing for up to 10 seconds: does the chest move, can you hear or feel breath?\n\n" +
		"Signs of an opioid overdose: no response, very slow or no breathing, snoring or gurgling sounds, blue or grey lips and fingertips, pinpoint pupils.\n\n" +
		"No response, or breathing slowly or not at all? Act now: call for help."}
	OverdoseCallOne = &i18n.Message{ID: "OverdoseCallOne", Description: "Overdose guide, step 2, the number of one country. Number is the emergency phone number, Country the country's name; HTML", Other: "📞 <b>Call {{.Number}} now</b> ({{.Country}})."}
	OverdoseCallAll = &i18n.Message{ID: "OverdoseCallAll", Description: "Overdose guide, step 2, when the person's country is unknown. Numbers is one line per number: the number, then the countries it is for; HTML", Other: "📞 <b>Call the emergency number now:</b>\n{{.Numbers}}\n\nChoose your country below to see only its number."}
	OverdoseCall    = &i18n.Message{ID: "OverdoseCall", Description: "Overdose guide, step 2 of 8, after the number; HTML", Other: "<b>2. Call for help</b>\n\n{{.Numbers}}\n\n" +
		"• Say that someone is not responding or not breathing, and where you are.\n" +
		"• Put the phone on speaker so your hands are free. The operator can guide you.\n" +
		"• If someone else is there, one calls and the other starts helping.\n\n" +
		"112 is free in every EU country, from mobile phones and landlines."}
	OverdoseNaloxone = &i18n.Message{ID: "OverdoseNaloxone", Description: "Overdose guide, step 3 of 8; HTML", Other: "<b>3. Give naloxone if you have it</b>\n\n" +
		"Naloxone reverses an opioid overdose for a while. It is safe even if they took no opioids.\n" +
		"• <b>Nasal spray:</b> lay them on their back, put the tip in one nostril and press once.\n" +
		"• <b>Injection:</b> into the muscle of the outer thigh or the upper arm, through clothes if needed.\n\n" +
		"No response after 2–3 minutes? Give another dose, and keep breathing for them in between.\n\n" +
		"Naloxone wears off in 30–90 minutes and the overdose can come back: stay with them."}
	OverdoseBreathing = &i18n.Message{ID: "OverdoseBreathing", Description: "Overdose guide, step 4 of 8; HTML", Other: "<b>4. Breathe for them</b>\n\n" +
		"If they are not breathing, or breathe very slowly:\n" +
		"• Lay them on their back, tilt the head back and lift the chin.\n" +
		"• Check that nothing is in the mouth. Pinch the nose shut and seal your mouth over theirs.\n" +
		"• Give one breath every 5 seconds. Watch the chest rise.\n\n" +
		"If they are not breathing at all and you know how, do chest compressions: 30 hard, fast presses in the middle of the chest, then 2 breaths.\n\n" +
		"Keep going until they breathe on their own or help arrives."}
	OverdoseRecovery = &i18n.Message{ID: "OverdoseRecovery", Description: "Overdose guide, step 5 of 8; HTML", Other: "<b>5. Recovery position</b>\n\n" +
		"When they breathe on their own but are not awake, or if you have to leave them for a moment:\n" +
		"• Turn them onto their side.\n" +
		"• Put their upper hand under their cheek.\n" +
		"• Bend their upper knee so they cannot roll onto their face.\n" +
		"• Tilt the head back a little: the airway stays open and vomit can run out.\n\n" +
		"Keep checking their breathing. If it stops, breathe for them again."}
	OverdoseStay = &i18n.Message{ID: "OverdoseStay", Description: "Overdose guide, step 6 of 8; HTML", Other: "<b>6. Stay with them</b>\n\n" +
		"• Stay until the emergency team arrives, and after they wake up: naloxone wears off and the overdose can come back.\n" +
		"• Tell the team what was taken, how much and when, and how many doses of naloxone you gave. Give them any leftovers or packaging.\n" +
		"• When they wake up they may feel sick or upset. Keep them calm and warm and tell them what happened.\n" +
		"• Using again soon, especially opioids, benzos or alcohol, can bring the overdose back."}
	OverdoseNoNaloxone = &i18n.Message{ID: "OverdoseNoNaloxone", Description: "Overdose guide, step 7 of 8. Number is the emergency phone number (or numbers); HTML", Other: "<b>7. No naloxone?</b>\n\n" +
		"You can still save a life:\n" +
		"• Call <b>{{.Number}}</b> if nobody has yet.\n" +
		"• If they are not breathing, breathe for them: one breath every 5 seconds.\n" +
		"• When they breathe on their own, put them in the recovery position.\n" +
		"• Do not leave them alone.\n\n" +
		"Do not put them in a cold bath or shower, do not give them other drugs, do not inject salt water or milk, and do not make them vomit. It does not help and can harm them."}
	OverdoseStimulants = &i18n.Message{ID: "OverdoseStimulants", Description: "Overdose guide, step 8 of 8. Number is the emergency phone number (or numbers); HTML", Other: "<b>8. Stimulants and overheating</b>\n\n" +
		"Cocaine, amphetamine, MDMA or cathinones can make the body overheat, above all when dancing or in a hot room.\n" +
		"• Move them somewhere cool or into the shade, and loosen tight clothes.\n" +
		"• Cool the skin: cool (not ice-cold) water, wet cloths, fanning.\n" +
		"• If they are awake, give small sips of water. Keep them calm.\n\n" +
		"Call <b>{{.Number}}</b> for chest pain, a seizure, confusion or a very high temperature (hot, dry or red skin). During a seizure, move hard things away and do not hold them down or put anything in their mouth."}
)
