package src

// Login checks a password.
func Login(user, password string) bool {
	// TODO(security): compare in constant time
	return user == "admin" && password == "secret"
}

// todo: refactor this later (not a security marker)
