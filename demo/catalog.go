package demo

import "fmt"

// tenant is one demo restaurant.
type tenant struct {
	id       string
	code     string // short id prefix
	name     string
	currency string
	timezone string
	taxBP    int64 // tax rate in basis points
	servers  []string
	catalog  []item
	// layout names and seats the 24 tables; nil is the classic dining
	// room of T1 to T16, Bar 1 to 4 and Patio 1 to 4.
	layout func(i int) (name string, seats int)
}

// item is a catalog entry: category, name and price in minor units.
type item struct {
	category string
	name     string
	price    int64
}

var tenants = []*tenant{
	{
		id: "bistro", code: "bis", name: "Bistro Maitre", currency: "USD", timezone: "America/New_York", taxBP: 888,
		servers: []string{"Alice", "Bruno", "Chen", "Dana"},
		catalog: []item{
			{"Starters", "Tomato Soup", 750}, {"Starters", "Caesar Salad", 1150}, {"Starters", "Burrata", 1400},
			{"Starters", "Calamari", 1300}, {"Starters", "Bruschetta", 900}, {"Starters", "French Onion Soup", 950},
			{"Starters", "Shrimp Cocktail", 1600}, {"Starters", "Garden Salad", 850},
			{"Mains", "Cheeseburger", 1650}, {"Mains", "Steak Frites", 3200}, {"Mains", "Roast Chicken", 2400},
			{"Mains", "Salmon Fillet", 2800}, {"Mains", "Mushroom Risotto", 2100}, {"Mains", "Lobster Roll", 3400},
			{"Mains", "Fish and Chips", 1900}, {"Mains", "Vegan Bowl", 1700}, {"Mains", "Ribeye Steak", 4200},
			{"Mains", "Spaghetti Carbonara", 1950}, {"Mains", "Duck Confit", 2900}, {"Mains", "Club Sandwich", 1500},
			{"Sides", "French Fries", 550}, {"Sides", "Sweet Potato Fries", 650}, {"Sides", "Onion Rings", 600},
			{"Sides", "Mac and Cheese", 800}, {"Sides", "Grilled Asparagus", 750}, {"Sides", "Side Salad", 500},
			{"Desserts", "Chocolate Cake", 950}, {"Desserts", "Creme Brulee", 1000}, {"Desserts", "Cheesecake", 900},
			{"Desserts", "Apple Pie", 850}, {"Desserts", "Tiramisu", 1050}, {"Desserts", "Ice Cream Sundae", 800},
			{"Drinks", "Coca-Cola", 350}, {"Drinks", "Diet Coke", 350}, {"Drinks", "Lemonade", 450},
			{"Drinks", "Iced Tea", 400}, {"Drinks", "Sparkling Water", 400}, {"Drinks", "Orange Juice", 500},
			{"Drinks", "Ginger Ale", 350}, {"Drinks", "Root Beer", 350},
			{"Coffee", "Espresso", 350}, {"Coffee", "Cappuccino", 500}, {"Coffee", "Latte", 550},
			{"Coffee", "Americano", 400}, {"Coffee", "Hot Chocolate", 500}, {"Coffee", "Herbal Tea", 350},
			{"Wine", "House Red", 1100}, {"Wine", "House White", 1100}, {"Wine", "Prosecco", 1300},
			{"Wine", "Pinot Noir", 1500}, {"Wine", "Chardonnay", 1400}, {"Wine", "Rose", 1200},
			{"Beer", "IPA", 800}, {"Beer", "Lager", 700}, {"Beer", "Stout", 850}, {"Beer", "Wheat Beer", 750},
			{"Cocktails", "Margarita", 1400}, {"Cocktails", "Old Fashioned", 1500}, {"Cocktails", "Mojito", 1300},
			{"Cocktails", "Espresso Martini", 1600},
		},
	},
	{
		id: "cafe", code: "caf", name: "Café Maitre", currency: "EUR", timezone: "Europe/Berlin", taxBP: 1900,
		servers: []string{"Anna", "Ben", "Clara", "David"},
		catalog: []item{
			{"Coffee", "Espresso", 250}, {"Coffee", "Doppio", 320}, {"Coffee", "Cappuccino", 380},
			{"Coffee", "Latte Macchiato", 420}, {"Coffee", "Flat White", 400}, {"Coffee", "Americano", 300},
			{"Coffee", "Cortado", 350}, {"Coffee", "Mocha", 450}, {"Coffee", "Cold Brew", 420},
			{"Tea", "Green Tea", 300}, {"Tea", "Earl Grey", 300}, {"Tea", "Chai Latte", 420},
			{"Tea", "Peppermint Tea", 300}, {"Tea", "Matcha Latte", 480},
			{"Pastries", "Croissant", 280}, {"Pastries", "Pain au Chocolat", 320}, {"Pastries", "Cinnamon Roll", 350},
			{"Pastries", "Blueberry Muffin", 330}, {"Pastries", "Almond Croissant", 380}, {"Pastries", "Brezel", 220},
			{"Pastries", "Danish", 340}, {"Pastries", "Scone", 300},
			{"Cakes", "Cheesecake", 450}, {"Cakes", "Apple Strudel", 480}, {"Cakes", "Black Forest Cake", 520},
			{"Cakes", "Carrot Cake", 460}, {"Cakes", "Lemon Tart", 440}, {"Cakes", "Brownie", 350},
			{"Breakfast", "Avocado Toast", 890}, {"Breakfast", "Granola Bowl", 750}, {"Breakfast", "Scrambled Eggs", 820},
			{"Breakfast", "Pancakes", 950}, {"Breakfast", "Bircher Muesli", 690}, {"Breakfast", "Eggs Benedict", 1150},
			{"Sandwiches", "Ham and Cheese Baguette", 650}, {"Sandwiches", "Caprese Panini", 720},
			{"Sandwiches", "Tuna Sandwich", 680}, {"Sandwiches", "Veggie Wrap", 700}, {"Sandwiches", "BLT", 740},
			{"Sandwiches", "Chicken Club", 820},
			{"Soups", "Tomato Soup", 590}, {"Soups", "Lentil Soup", 620}, {"Soups", "Pumpkin Soup", 640},
			{"Salads", "Greek Salad", 890}, {"Salads", "Quinoa Salad", 920}, {"Salads", "Caesar Salad", 950},
			{"Cold Drinks", "Orange Juice", 380}, {"Cold Drinks", "Apple Spritzer", 320}, {"Cold Drinks", "Sparkling Water", 250},
			{"Cold Drinks", "Still Water", 230}, {"Cold Drinks", "Lemonade", 360}, {"Cold Drinks", "Iced Tea", 350},
			{"Cold Drinks", "Cola", 330}, {"Cold Drinks", "Smoothie", 520},
			{"Retail", "Coffee Beans 250g", 1290}, {"Retail", "Coffee Beans 1kg", 3990}, {"Retail", "Ceramic Mug", 1500},
			{"Retail", "Travel Cup", 1800}, {"Retail", "Chocolate Bar", 350}, {"Retail", "Gift Box", 2490},
		},
	},
	{
		id: "izakaya", code: "iza", name: "Izakaya Maitre", currency: "JPY", timezone: "Asia/Tokyo", taxBP: 1000,
		servers: []string{"Aiko", "Daichi", "Haruto", "Yui"},
		catalog: []item{
			{"Yakitori", "Negima", 220}, {"Yakitori", "Tsukune", 240}, {"Yakitori", "Kawa", 200},
			{"Yakitori", "Momo", 220}, {"Yakitori", "Bonjiri", 200}, {"Yakitori", "Shiitake Skewer", 180},
			{"Small Plates", "Karaage", 680}, {"Small Plates", "Gyōza (6 pcs)", 520}, {"Small Plates", "Edamame", 380},
			{"Small Plates", "Agedashi Tofu", 480}, {"Small Plates", "Takoyaki", 550}, {"Small Plates", "Chicken Nanban", 780},
			{"Small Plates", "Tamagoyaki", 420}, {"Small Plates", "Sashimi Moriawase", 1680}, {"Small Plates", "Hiyayakko", 350},
			{"Small Plates", "Ika Geso Age", 580},
			{"Noodles", "Tonkotsu Ramen", 980}, {"Noodles", "Shōyu Ramen", 900}, {"Noodles", "Miso Ramen", 950},
			{"Noodles", "Zaru Soba", 780}, {"Noodles", "Yaki Udon", 820},
			{"Rice", "Onigiri (Salmon)", 280}, {"Rice", "Chāhan", 750}, {"Rice", "Oyakodon", 880},
			{"Rice", "Katsu Curry", 1050}, {"Rice", "Ochazuke", 600},
			{"Sake & Shōchū", "Dassai 45", 1200}, {"Sake & Shōchū", "Hakkaisan", 950}, {"Sake & Shōchū", "Kubota Senju", 900},
			{"Sake & Shōchū", "Imo Shōchū", 650}, {"Sake & Shōchū", "Umeshu", 600}, {"Sake & Shōchū", "Lemon Sour", 550},
			{"Beer", "Asahi Super Dry", 600}, {"Beer", "Sapporo Draft", 600}, {"Beer", "Kirin Ichiban", 600},
			{"Beer", "Highball", 550},
			{"Desserts", "Matcha Parfait", 750}, {"Desserts", "Mochi Ice Cream", 480}, {"Desserts", "Dorayaki", 400},
			{"Desserts", "Black Sesame Pudding", 450},
			{"Soft Drinks", "Oolong Tea", 350}, {"Soft Drinks", "Ramune", 380}, {"Soft Drinks", "Calpis Soda", 380},
			{"Soft Drinks", "Green Tea", 300},
		},
		layout: func(i int) (string, int) {
			switch {
			case i < 10:
				return fmt.Sprintf("Counter %d", i+1), 1 + i%2
			case i < 18:
				return fmt.Sprintf("Table %d", i-9), 4
			}
			return fmt.Sprintf("Zashiki %d", i-17), 6
		},
	},
}

// classicLayout is the bistro's and the café's dining room.
func classicLayout(i int) (string, int) {
	switch {
	case i < 16:
		return fmt.Sprintf("T%d", i+1), []int{2, 2, 4, 4, 4, 6, 2, 4}[i%8]
	case i < 20:
		return fmt.Sprintf("Bar %d", i-15), 2
	}
	return fmt.Sprintf("Patio %d", i-19), 4
}

func tenantByID(id string) *tenant {
	for _, t := range tenants {
		if t.id == id {
			return t
		}
	}
	return nil
}

// Token is a demo bearer token and whom it stands for.
type Token struct {
	Token       string
	UserID      string
	Name        string
	Tenant      string
	Roles       []string
	Permissions []string
	Expired     bool
}

// AllPermissions lists every permission the gateway knows.
var AllPermissions = []string{"orders:read", "payments:read", "revenue:read", "products:read", "inventory:read", "tables:read"}

// Tokens are the demo's bearer tokens.
var Tokens = []Token{
	{Token: "demo-owner", UserID: "usr_bis_owner", Name: "Olivia Owner", Tenant: "bistro", Roles: []string{"owner"}, Permissions: AllPermissions},
	{Token: "demo-cashier", UserID: "usr_bis_cashier", Name: "Carl Cashier", Tenant: "bistro", Roles: []string{"cashier"},
		Permissions: []string{"orders:read", "products:read", "tables:read"}},
	{Token: "cafe-owner", UserID: "usr_caf_owner", Name: "Claire Owner", Tenant: "cafe", Roles: []string{"owner"}, Permissions: AllPermissions},
	{Token: "izakaya-owner", UserID: "usr_iza_owner", Name: "Kenji Owner", Tenant: "izakaya", Roles: []string{"owner"}, Permissions: AllPermissions},
	{Token: "demo-expired", UserID: "usr_bis_old", Name: "Eve Expired", Tenant: "bistro", Roles: []string{"owner"}, Permissions: AllPermissions, Expired: true},
}

// methods are the payment methods the contract allows.
var methods = []string{"CASH", "CARD", "MOBILE", "VOUCHER"}

// paymentMethods are the four methods, with their weights out of 100.
var paymentMethods = []struct {
	method string
	weight int
}{{"CARD", 55}, {"CASH", 20}, {"MOBILE", 20}, {"VOUCHER", 5}}
