package inspect

import (
	"modernc.org/cc/v4"
)

// CType spells a type roughly as C source would: typedef names where the
// type has one ("RedisModuleCtx *", "RedisModuleString **", "size_t"),
// otherwise cc/v4's description.
func CType(t cc.Type) string {
	if t == nil {
		return "?"
	}
	if td := t.Typedef(); td != nil {
		return td.Name()
	}
	switch x := t.(type) {
	case *cc.PointerType:
		e := CType(x.Elem())
		if e != "" && e[len(e)-1] == '*' {
			return e + "*"
		}
		return e + " *"
	case *cc.ArrayType:
		return CType(x.Elem()) + "[]"
	}
	return t.String()
}

// IsPointerTo reports whether t is a pointer (or array, after decay) to the
// typedef named name (e.g. IsPointerTo(t, "RedisModuleString")).
func IsPointerTo(t cc.Type, name string) bool {
	var elem cc.Type
	switch x := t.(type) {
	case *cc.PointerType:
		elem = x.Elem()
	case *cc.ArrayType:
		elem = x.Elem()
	default:
		return false
	}
	if elem == nil {
		return false
	}
	if td := elem.Typedef(); td != nil && td.Name() == name {
		return true
	}
	return false
}

// IsPointerToPointerTo reports whether t is T** (or T*[]) for the typedef T.
func IsPointerToPointerTo(t cc.Type, name string) bool {
	var elem cc.Type
	switch x := t.(type) {
	case *cc.PointerType:
		elem = x.Elem()
	case *cc.ArrayType:
		elem = x.Elem()
	default:
		return false
	}
	return elem != nil && IsPointerTo(elem, name)
}
