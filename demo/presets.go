package demo

import (
	"strings"

	"github.com/peerbot/peerbot/alerts"
)

// alertPreset is a sample result the partner console can publish: what a
// drug-checking service would write about a real kind of finding. The
// advice is plain harm-reduction language in English, Polish and
// Portuguese (the bot shows the person's language, else English, saying
// so); "{emergency}" becomes the emergency number of the alert's country.
type alertPreset struct {
	ID         string
	Title      string // the console's label, in English
	SoldAs     string
	Form       alerts.Form
	Appearance alerts.Appearance
	Contents   []alerts.Content
	Advice     map[string]string
}

// alertPresets are the console's samples, in the order it lists them.
var alertPresets = []*alertPreset{
	{
		ID:         "nitazene-heroin",
		Title:      "Nitazene in heroin",
		SoldAs:     "heroin",
		Form:       alerts.FormPowder,
		Appearance: alerts.Appearance{Colour: "light brown"},
		Contents: []alerts.Content{
			{Substance: "heroin"},
			{Substance: "protonitazene"},
			{Substance: "paracetamol"},
		},
		Advice: map[string]string{
			"en": "This heroin contains protonitazene, a nitazene: an opioid many times stronger than heroin. " +
				"Your usual dose can stop your breathing. Don't use alone, and start with much less than usual. " +
				"Carry naloxone: a nitazene overdose can need more than one dose, so if there is no response " +
				"after 2–3 minutes, give another. Call {emergency} if someone can't be woken or is breathing slowly.",
			"pl": "Ta heroina zawiera protonitazen, czyli nitazen: opioid wielokrotnie silniejszy od heroiny. " +
				"Twoja zwykła dawka może zatrzymać oddech. Nie używaj w pojedynkę i zacznij od dużo mniejszej ilości niż zwykle. " +
				"Miej przy sobie nalokson: przy przedawkowaniu nitazenu może być potrzebna więcej niż jedna dawka, " +
				"więc jeśli po 2–3 minutach nie ma reakcji, podaj kolejną. Dzwoń pod {emergency}, jeśli ktoś nie daje się obudzić albo oddycha bardzo wolno.",
			"pt": "Esta heroína contém protonitazeno, um nitazeno: um opioide muitas vezes mais forte do que a heroína. " +
				"A tua dose habitual pode parar-te a respiração. Evita consumir sem ninguém por perto e começa com muito menos do que o costume. " +
				"Tem naloxona contigo: uma overdose de nitazenos pode precisar de mais do que uma dose, por isso, se não houver resposta " +
				"ao fim de 2–3 minutos, dá outra. Liga para o {emergency} se alguém não acordar ou estiver a respirar muito devagar.",
		},
	},
	{
		ID:         "pmma-mdma",
		Title:      "PMMA sold as MDMA",
		SoldAs:     "MDMA (ecstasy)",
		Form:       alerts.FormPill,
		Appearance: alerts.Appearance{Colour: "pink", Logo: "crown", Shape: "round"},
		Contents:   []alerts.Content{{Substance: "pmma", Amount: 60, Unit: "mg"}},
		Advice: map[string]string{
			"en": "These pills contain PMMA, not MDMA. PMMA takes longer to work and feels weaker at first, " +
				"so people take more, and that is how overdoses happen. The safest choice is not to take them. " +
				"If you do, start with a quarter, wait at least 2 hours before taking any more, and don't mix with alcohol or other drugs. " +
				"Danger signs: overheating, stiff muscles, confusion, a racing heart. Cool the person down and call {emergency}.",
			"pl": "Te tabletki zawierają PMMA, a nie MDMA. PMMA zaczyna działać później i na początku słabiej, " +
				"więc ludzie biorą więcej i właśnie wtedy dochodzi do przedawkowań. Najbezpieczniej ich nie brać. " +
				"Jeśli bierzesz, zacznij od ćwiartki, odczekaj co najmniej 2 godziny przed kolejną dawką i nie łącz z alkoholem ani innymi substancjami. " +
				"Sygnały alarmowe: przegrzanie, sztywne mięśnie, splątanie, bardzo szybkie bicie serca. Schłodź tę osobę i dzwoń pod {emergency}.",
			"pt": "Estes comprimidos contêm PMMA, não MDMA. O PMMA demora mais a fazer efeito e ao início parece mais fraco, " +
				"por isso as pessoas tomam mais, e é assim que acontecem as overdoses. O mais seguro é não os tomar. " +
				"Se tomares, começa por um quarto, espera pelo menos 2 horas antes de tomar mais e não mistures com álcool nem com outras drogas. " +
				"Sinais de perigo: sobreaquecimento, músculos rígidos, confusão, coração muito acelerado. Arrefece a pessoa e liga para o {emergency}.",
		},
	},
	{
		ID:         "xylazine-heroin",
		Title:      "Xylazine in heroin",
		SoldAs:     "heroin",
		Form:       alerts.FormPowder,
		Appearance: alerts.Appearance{Colour: "beige"},
		Contents: []alerts.Content{
			{Substance: "heroin"},
			{Substance: "xylazine", Amount: 8, Unit: "%"},
		},
		Advice: map[string]string{
			"en": "This heroin contains xylazine, an animal sedative. It can put you into a deep sleep for hours and slows breathing, " +
				"more so with opioids. Naloxone does not reverse xylazine, but give it anyway in an overdose: it reverses the heroin. " +
				"Don't use alone, and use less than usual. Xylazine can cause wounds that heal badly, even away from where you inject: " +
				"have them looked at early. Call {emergency} if someone can't be woken.",
			"pl": "Ta heroina zawiera ksylazynę, środek uspokajający dla zwierząt. Może wywołać wielogodzinny głęboki sen i spowalnia oddech, " +
				"zwłaszcza razem z opioidami. Nalokson nie odwraca działania ksylazyny, ale przy przedawkowaniu i tak go podaj: odwróci działanie heroiny. " +
				"Nie używaj w pojedynkę i weź mniej niż zwykle. Ksylazyna może powodować rany, które źle się goją, także z dala od miejsca iniekcji: " +
				"pokaż je wcześnie komuś z personelu medycznego. Dzwoń pod {emergency}, jeśli ktoś nie daje się obudzić.",
			"pt": "Esta heroína contém xilazina, um sedativo veterinário. Pode provocar um sono profundo durante horas e abranda a respiração, " +
				"sobretudo com opioides. A naloxona não reverte a xilazina, mas dá-a na mesma numa overdose: reverte a heroína. " +
				"Evita consumir sem ninguém por perto e usa menos do que o costume. A xilazina pode causar feridas que saram mal, mesmo longe do sítio onde injetas: " +
				"mostra-as cedo a um profissional de saúde. Liga para o {emergency} se alguém não acordar.",
		},
	},
}

// updateNote goes before the advice when the console raises an alert to a
// warning: overdoses have been linked to the batch since.
var updateNote = map[string]string{
	"en": "Update: several overdoses have now been linked to this batch.",
	"pl": "Aktualizacja: z tą partią powiązano już kilka przedawkowań.",
	"pt": "Atualização: já foram associadas várias overdoses a este lote.",
}

// withdrawReason is the advice of the console's cancel: the bot shows it as
// the reason the alert was withdrawn.
var withdrawReason = map[string]string{
	"en": "A second test of the sample did not confirm the first result, so we are withdrawing this alert. " +
		"You can never be sure what is in a drug: get it checked when you can.",
	"pl": "Drugi test próbki nie potwierdził pierwszego wyniku, więc wycofujemy to ostrzeżenie. " +
		"Nigdy nie ma pewności, co jest w substancji: kiedy możesz, oddaj ją do testowania.",
	"pt": "Um segundo teste da amostra não confirmou o primeiro resultado, por isso retiramos este alerta. " +
		"Nunca se sabe ao certo o que tem uma droga: sempre que puderes, leva-a a testar.",
}

// campaignTexts is the console's sample campaign, in a few of the bot's
// languages; people in the others get English.
var campaignTexts = map[string]string{
	"en": "Free, anonymous drug checking this Thursday, 16:00–20:00, at our drop-in centre. " +
		"Bring a small sample and get the result in about 30 minutes. We don't ask for names.",
	"pl": "Bezpłatne, anonimowe testowanie substancji w ten czwartek, 16:00–20:00, w naszym punkcie. " +
		"Przynieś małą próbkę, a wynik dostaniesz po około 30 minutach. Nie pytamy o imię ani nazwisko.",
	"pt": "Análise de substâncias gratuita e anónima esta quinta-feira, das 16:00 às 20:00, no nosso centro. " +
		"Traz uma pequena amostra e recebe o resultado em cerca de 30 minutos. Não pedimos nomes.",
	"uk": "Безкоштовна анонімна перевірка речовин цього четверга, 16:00–20:00, у нашому центрі. " +
		"Принесіть невеликий зразок: результат буде приблизно за 30 хвилин. Імен не питаємо.",
}

// presetByID finds a preset.
func presetByID(id string) (*alertPreset, bool) {
	for _, p := range alertPresets {
		if p.ID == id {
			return p, true
		}
	}
	return nil, false
}

// withEmergency fills the emergency number into every language's text.
func withEmergency(texts map[string]string, number string) map[string]string {
	out := make(map[string]string, len(texts))
	for lang, s := range texts {
		out[lang] = strings.ReplaceAll(s, "{emergency}", number)
	}
	return out
}
